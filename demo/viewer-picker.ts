// The demo's "sign in as" list, shared by the REST and the SCIM demo pages.
import type { DemoViewer } from '@portico/core';

/** One list item per demo viewer: a button showing the user ID and the role, calling `onPick`. */
export const viewerItems = (viewers: readonly DemoViewer[], onPick: (viewer: DemoViewer) => void): HTMLLIElement[] =>
  viewers.map((viewer) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    const name = document.createElement('strong');
    name.textContent = viewer.userId;
    const role = document.createElement('small');
    role.textContent = viewer.label;
    button.append(name, role);
    button.addEventListener('click', () => onPick(viewer));
    item.append(button);
    return item;
  });
