/** Vite's `?raw` imports (the plugin's server build is Vite's): the file's text, inlined. */
declare module '*?raw' {
  const text: string;
  export default text;
}
