// Small page helpers: elements by id and the banner at the top of the page.
export const $ = (id) => document.getElementById(id);

export function banner(text, kind = 'info') {
  const b = $('banner');
  b.textContent = text;
  b.dataset.kind = kind;
  b.hidden = !text;
}
