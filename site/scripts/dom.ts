// DOM shorthands of the shop island (the checkout keeps a copy, see checkout/page.ts). Typed
// structurally: the Workers types loaded for the worker shadow some DOM names.
export type Root = { querySelector: Document['querySelector']; querySelectorAll: Document['querySelectorAll'] };
export const $ = <T extends Element = HTMLElement>(sel: string, root: Root = document) => root.querySelector<T>(sel);
export const $$ = <T extends Element = HTMLElement>(sel: string, root: Root = document) => [...root.querySelectorAll<T>(sel)];
