/**
 * The script newsrooms paste into their pages: `<script src="https://HOST/static/widget.js" defer>`
 * (a module script works too). It is tiny and cached for minutes; it imports the widget of the
 * current build, whose files are cached for a year. Dynamic import() works from classic scripts,
 * so the snippet needs no type="module".
 */
export function widgetLoader(build: string): string {
  return `// Comments widget loader, build ${build}.
(function () {
  var me = document.currentScript || document.querySelector('script[src*="/static/widget.js"]');
  var base = me && me.src ? me.src : location.href;
  import(new URL('./v/${build}/widget/main.js', base).href).catch(function (error) {
    console.error('The comments widget could not load.', error);
  });
})();
`;
}
