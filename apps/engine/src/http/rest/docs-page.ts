// /api/docs: a self-contained page rendering the OpenAPI document (no CDN on these machines).
export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Repay API</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#1f1f1f}
h1{margin:0 0 4px} .op{border:1px solid #e5e5e5;border-radius:8px;margin:12px 0;padding:12px 16px}
.m{display:inline-block;min-width:56px;font-weight:600;color:#fff;border-radius:4px;padding:1px 8px;margin-right:8px;text-align:center}
.get{background:#1677ff}.post{background:#52c41a}.put{background:#fa8c16}.delete{background:#f5222d}
code{font-family:ui-monospace,monospace} pre{background:#fafafa;border:1px solid #eee;padding:8px;overflow:auto;max-height:360px}
summary{cursor:pointer;color:#555}
</style></head><body>
<h1>Repay upstream API</h1><p id="desc"></p><p><a href="/api/v1/openapi.json">openapi.json</a></p><div id="ops">loading…</div>
<script>
fetch('/api/v1/openapi.json').then(r=>r.json()).then(doc=>{
  document.getElementById('desc').textContent = doc.info.description;
  const esc = s => String(s).replace(/[&<>]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));
  // Named schemas and shared responses are shown in place of their $ref (each at most once per path, so cycles end).
  const deref = (node, seen = []) => {
    if (Array.isArray(node)) return node.map(n => deref(n, seen));
    if (!node || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string' && !seen.includes(node.$ref)) {
      const target = node.$ref.split('/').slice(1).reduce((o, k) => o && o[k], doc);
      return { title: node.$ref.split('/').pop(), ...deref(target, [...seen, node.$ref]) };
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v, seen)]));
  };
  const block = (title, obj) => obj ? '<details><summary>'+title+'</summary><pre>'+esc(JSON.stringify(deref(obj),null,2))+'</pre></details>' : '';
  let html = '';
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    html += '<div class="op"><span class="m '+method+'">'+method.toUpperCase()+'</span><code>'+esc(path)+'</code> <code>'+esc(op.operationId)+'</code> — '+esc(op.summary)
      + block('parameters', op.parameters && op.parameters.length ? op.parameters : null)
      + block('request body', op.requestBody && op.requestBody.content['application/json'].schema)
      + block('responses', op.responses) + '</div>';
  }
  document.getElementById('ops').innerHTML = html;
});
</script></body></html>`;
