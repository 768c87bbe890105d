// Loads the sandbox named in this page's URL (sandbox.html?sandbox=<id>) and starts it. The id
// only ever selects one of the bundles the build wrote (sandboxes/index.json, from the engines'
// registry): anything else is refused with a message, never turned into a path.
const root = document.getElementById('sandbox-root');

function fail(message) {
  const note = document.createElement('p');
  note.className = 'notice is-warning';
  note.setAttribute('role', 'alert');
  note.textContent = message; // text, never HTML: the id came from the URL
  root.replaceChildren(note);
}

async function start() {
  const id = new URLSearchParams(location.search).get('sandbox') ?? '';
  const index = await fetch(new URL('../sandboxes/index.json', import.meta.url)).then((response) => response.json());
  if (!Array.isArray(index) || !index.includes(id)) {
    fail(`There is no sandbox called “${id.slice(0, 40)}”. Pick one from the castle map.`);
    return;
  }
  const base = new URL(`../sandboxes/${id}`, import.meta.url);
  const bundle = await import(`${base}.js`);
  await bundle.default({ module_or_path: `${base}_bg.wasm` });
  document.getElementById('sandbox-loading')?.remove();
  bundle.start();
}

start().catch(() => fail('The sandbox could not be loaded. Check your connection and reload the page.'));
