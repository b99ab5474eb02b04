import { computePosition, flip, offset, size } from '@floating-ui/dom';

/**
 * Places the row menu below its button's end edge (its right in left-to-right text, its left in
 * right-to-left), or above it when there is more room there, scrolling inside itself when neither
 * side has room. Its own module, loaded with `import()` the first time a menu opens: Floating UI
 * is not in what a page loads before the first interaction (ADR 0007).
 */
export const placeMenu = async (trigger: HTMLElement, menu: HTMLElement): Promise<void> => {
  const { x, y } = await computePosition(trigger, menu, {
    strategy: 'fixed',
    placement: 'bottom-end',
    middleware: [
      offset(4),
      flip({ padding: 8 }),
      size({ padding: 8, apply: ({ availableHeight }) => void (menu.style.maxBlockSize = `${Math.max(0, Math.floor(availableHeight))}px`) }),
    ],
  });
  Object.assign(menu.style, { left: `${x}px`, top: `${y}px` });
};
