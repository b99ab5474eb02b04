/**
 * The mails the server sends, in the six languages of the elements (en, de, fr, es, ja, ar), as
 * text and HTML. The recipient's language is the contact's `language` (a BCP 47 tag); English for
 * any other. Links start with the configured public URL (`publicUrl`, `PORTICO_PUBLIC_URL`).
 */
export type MailTemplate =
  | { kind: 'login-created'; name: string; userId: string; link: string }
  | { kind: 'password-reset'; name: string; link: string }
  | { kind: 'temporary-password'; name: string; password: string }
  | { kind: 'address-changed'; name: string };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export const MAIL_LANGUAGES = ['en', 'de', 'fr', 'es', 'ja', 'ar'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

interface MailStrings {
  hello: (name: string) => string;
  subjects: Record<MailTemplate['kind'], string>;
  loginCreated: (userId: string) => string;
  passwordReset: string;
  chooseWithin: string;
  temporaryPassword: (password: string) => string;
  addressChanged: string;
  portal: string;
}

const STRINGS: Record<MailLanguage, MailStrings> = {
  en: {
    hello: (name) => `Hello ${name},`,
    subjects: {
      'login-created': 'Your portal login',
      'password-reset': 'Reset your portal password',
      'temporary-password': 'Your temporary portal password',
      'address-changed': 'Your portal e-mail address was changed',
    },
    loginCreated: (userId) => `A login with the user ID ${userId} was created for you.`,
    passwordReset: 'A password reset was requested for your login.',
    chooseWithin: 'Choose your password within 12 hours with this link:',
    temporaryPassword: (password) => `Your temporary password is ${password}. You will be asked to change it when you next sign in.`,
    addressChanged:
      'The e-mail address of your portal login was changed from this address to another one. Password reset links sent here no longer work. If you did not expect this, tell your administrator.',
    portal: 'Portal',
  },
  de: {
    hello: (name) => `Hallo ${name},`,
    subjects: {
      'login-created': 'Ihr Portal-Zugang',
      'password-reset': 'Ihr Portal-Passwort zurücksetzen',
      'temporary-password': 'Ihr vorläufiges Portal-Passwort',
      'address-changed': 'Ihre E-Mail-Adresse im Portal wurde geändert',
    },
    loginCreated: (userId) => `Für Sie wurde ein Zugang mit der Benutzer-ID ${userId} angelegt.`,
    passwordReset: 'Für Ihren Zugang wurde das Zurücksetzen des Passworts angefordert.',
    chooseWithin: 'Wählen Sie Ihr Passwort innerhalb von 12 Stunden über diesen Link:',
    temporaryPassword: (password) => `Ihr vorläufiges Passwort lautet ${password}. Bei der nächsten Anmeldung werden Sie gebeten, es zu ändern.`,
    addressChanged:
      'Die E-Mail-Adresse Ihres Portal-Zugangs wurde von dieser Adresse auf eine andere geändert. Links zum Zurücksetzen des Passworts, die hierher gesendet wurden, funktionieren nicht mehr. Wenn Sie das nicht erwartet haben, wenden Sie sich an Ihre Administration.',
    portal: 'Portal',
  },
  fr: {
    hello: (name) => `Bonjour ${name},`,
    subjects: {
      'login-created': 'Votre accès au portail',
      'password-reset': 'Réinitialisez votre mot de passe du portail',
      'temporary-password': 'Votre mot de passe provisoire du portail',
      'address-changed': 'Votre adresse e-mail du portail a été modifiée',
    },
    loginCreated: (userId) => `Un accès avec l’identifiant ${userId} a été créé pour vous.`,
    passwordReset: 'Une réinitialisation du mot de passe a été demandée pour votre accès.',
    chooseWithin: 'Choisissez votre mot de passe dans les 12 heures avec ce lien :',
    temporaryPassword: (password) => `Votre mot de passe provisoire est ${password}. Il vous sera demandé de le changer à votre prochaine connexion.`,
    addressChanged:
      'L’adresse e-mail de votre accès au portail a été remplacée par une autre. Les liens de réinitialisation envoyés à cette adresse ne fonctionnent plus. Si vous ne vous y attendiez pas, prévenez votre administrateur.',
    portal: 'Portail',
  },
  es: {
    hello: (name) => `Hola, ${name}:`,
    subjects: {
      'login-created': 'Su acceso al portal',
      'password-reset': 'Restablezca su contraseña del portal',
      'temporary-password': 'Su contraseña provisional del portal',
      'address-changed': 'Se ha cambiado su dirección de correo del portal',
    },
    loginCreated: (userId) => `Se ha creado para usted un acceso con el ID de usuario ${userId}.`,
    passwordReset: 'Se ha solicitado restablecer la contraseña de su acceso.',
    chooseWithin: 'Elija su contraseña en las próximas 12 horas con este enlace:',
    temporaryPassword: (password) => `Su contraseña provisional es ${password}. Se le pedirá que la cambie la próxima vez que inicie sesión.`,
    addressChanged:
      'La dirección de correo de su acceso al portal se ha cambiado de esta dirección a otra. Los enlaces para restablecer la contraseña enviados aquí ya no funcionan. Si no lo esperaba, avise a su administrador.',
    portal: 'Portal',
  },
  ja: {
    hello: (name) => `${name} 様`,
    subjects: {
      'login-created': 'ポータルのログイン',
      'password-reset': 'ポータルのパスワードの再設定',
      'temporary-password': 'ポータルの仮パスワード',
      'address-changed': 'ポータルのメールアドレスが変更されました',
    },
    loginCreated: (userId) => `ユーザー ID ${userId} のログインが作成されました。`,
    passwordReset: 'ログインのパスワード再設定が依頼されました。',
    chooseWithin: '12 時間以内に次のリンクからパスワードを設定してください:',
    temporaryPassword: (password) => `仮パスワードは ${password} です。次回のサインイン時に変更を求められます。`,
    addressChanged:
      'ポータルのログインのメールアドレスが、このアドレスから別のアドレスに変更されました。このアドレスに送られたパスワード再設定のリンクは使えなくなりました。心当たりがない場合は管理者に連絡してください。',
    portal: 'ポータル',
  },
  ar: {
    hello: (name) => `مرحبًا ${name}،`,
    subjects: {
      'login-created': 'حساب الدخول إلى البوابة',
      'password-reset': 'إعادة تعيين كلمة مرور البوابة',
      'temporary-password': 'كلمة مرور مؤقتة للبوابة',
      'address-changed': 'تم تغيير عنوان بريدك الإلكتروني في البوابة',
    },
    loginCreated: (userId) => `تم إنشاء حساب دخول لك بمعرّف المستخدم ${userId}.`,
    passwordReset: 'طُلبت إعادة تعيين كلمة المرور لحسابك.',
    chooseWithin: 'اختر كلمة المرور خلال 12 ساعة من خلال هذا الرابط:',
    temporaryPassword: (password) => `كلمة المرور المؤقتة هي ${password}. سيُطلب منك تغييرها عند تسجيل الدخول التالي.`,
    addressChanged:
      'تم تغيير عنوان البريد الإلكتروني لحسابك في البوابة من هذا العنوان إلى عنوان آخر. روابط إعادة تعيين كلمة المرور المرسلة إلى هنا لم تعد تعمل. إذا لم تكن تتوقع ذلك، فأبلغ المسؤول.',
    portal: 'البوابة',
  },
};

/** The language of a BCP 47 tag among the six (`de-CH` → `de`); English for the others. */
export const mailLanguage = (tag: string | null | undefined): MailLanguage => {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (MAIL_LANGUAGES as readonly string[]).includes(primary) ? (primary as MailLanguage) : 'en';
};

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/** Paragraphs of text, and the link (to show on its own line). */
const parts = (template: MailTemplate, t: MailStrings): { paragraphs: string[]; link?: string } => {
  switch (template.kind) {
    case 'login-created':
      return { paragraphs: [`${t.loginCreated(template.userId)} ${t.chooseWithin}`], link: template.link };
    case 'password-reset':
      return { paragraphs: [`${t.passwordReset} ${t.chooseWithin}`], link: template.link };
    case 'temporary-password':
      return { paragraphs: [t.temporaryPassword(template.password)] };
    case 'address-changed':
      return { paragraphs: [t.addressChanged] };
  }
};

/**
 * The mail in `language` (any BCP 47 tag). `portalUrl`, when known, closes it with where the portal
 * is, so a reader can go there without trusting the mail's links.
 */
export const renderMail = (template: MailTemplate, { language, portalUrl }: { language?: string | null; portalUrl?: string | undefined } = {}): RenderedMail => {
  const lang = mailLanguage(language);
  const t = STRINGS[lang];
  const { paragraphs, link } = parts(template, t);
  const footer = portalUrl ? `\n-- \n${t.portal}: ${portalUrl}\n` : '';
  const text = `${t.hello(template.name)}\n\n${paragraphs.join('\n\n')}\n${link ? `${link}\n` : ''}${footer}`;
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  const html = [
    `<!doctype html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(t.subjects[template.kind])}</title></head><body>`,
    `<p>${escapeHtml(t.hello(template.name))}</p>`,
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    link ? `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>` : '',
    portalUrl ? `<p>${escapeHtml(t.portal)}: <a href="${escapeHtml(portalUrl)}">${escapeHtml(portalUrl)}</a></p>` : '',
    '</body></html>',
  ].join('\n');
  return { subject: t.subjects[template.kind], text, html };
};
