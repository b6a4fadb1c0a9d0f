// The sandbox's own small page: agreements, SMS codes sent, transactions and the knobs.
// Plain HTML + fetch, no build step; it reads /admin/state every two seconds.
export function sandboxPage(): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Repay 通道沙箱</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:24px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}th{background:#fafafa}
.knobs label{margin-right:12px}.ok{color:#389e0d}.bad{color:#cf1322}</style></head><body>
<h1>Repay 通道沙箱 · Channel sandbox</h1>
<p>测试卡（按卡号后四位）：0000 成功 · 0051 余额不足 · 0054 卡冻结 · 0061 超单笔限额 · 0099 处理中→成功 · 0098 处理中→失败 · 0097 超时但已扣款 · 其他按余额。短信验证码 123456。</p>
<p>代付测试账户（按收款账号后四位）：0000 成功 · 0051 余额不足 · 0054 账户冻结/无效 · 0099 处理中→成功 · 0098 处理中→失败 · 0097 超时但已付款 · 其他按商户账户余额（金额+手续费）。</p>
<form id="balance-form" class="knobs"><label>通道 <select id="balance-code"></select></label><label>账户余额（元） <input id="balance-yuan" size="14" placeholder="10000.00"></label><button>设置余额</button> <span id="balance-msg"></span></form>
<div id="root">加载中…</div>
<script>
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
const yuan = (f) => (f / 100).toFixed(2);
async function setKnob(code, patch) {
  await fetch('/admin/instances/' + code + '/profile', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) });
  load();
}
// Yuan as typed → whole fen, by the digits (no floating point): "12.3" → 1230.
function fenOf(text) {
  const m = /^(\\d{1,13})(?:\\.(\\d{1,2}))?$/.exec(text.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0')) : null;
}
// Outside #root, which is redrawn every two seconds: what is being typed stays.
document.getElementById('balance-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const msg = document.getElementById('balance-msg');
  const balance = fenOf(document.getElementById('balance-yuan').value);
  if (balance === null) { msg.className = 'bad'; msg.textContent = '请输入金额（元，最多两位小数）'; return; }
  const code = document.getElementById('balance-code').value;
  const res = await fetch('/admin/instances/' + encodeURIComponent(code) + '/balance', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ balance }) });
  const body = await res.json();
  msg.className = res.ok ? 'ok' : 'bad';
  msg.textContent = res.ok ? '已设置 ' + code + ' 账户余额 ¥' + yuan(body.balance) : '设置失败：' + body.error;
  load();
});
async function load() {
  const s = await (await fetch('/admin/state')).json();
  const select = document.getElementById('balance-code');
  if (!select.options.length) select.innerHTML = s.instances.map((i) => '<option>' + esc(i.code) + '</option>').join('');
  let h = '';
  for (const i of s.instances) {
    h += '<h2>' + esc(i.code) + ' (' + esc(i.vocabulary) + ') · 账户余额 ¥' + yuan(i.accountBalance) + '</h2>';
    h += '<div class="knobs"><label><input type="checkbox" ' + (i.profile.outage ? 'checked' : '') + ' onchange="setKnob(\\'' + i.code + '\\', {outage:this.checked})"> 故障</label>';
    h += '<label>处理中比例 <input size="4" value="' + i.profile.pendingRatio + '" onchange="setKnob(\\'' + i.code + '\\', {pendingRatio:Number(this.value)})"></label>';
    h += '<label>超时比例 <input size="4" value="' + i.profile.timeoutRatio + '" onchange="setKnob(\\'' + i.code + '\\', {timeoutRatio:Number(this.value)})"></label>';
    h += '<label>繁忙比例 <input size="4" value="' + i.profile.busyRatio + '" onchange="setKnob(\\'' + i.code + '\\', {busyRatio:Number(this.value)})"></label>';
    h += '<label>并发上限 <input size="4" value="' + i.profile.maxConcurrency + '" onchange="setKnob(\\'' + i.code + '\\', {maxConcurrency:Number(this.value)})"></label> 峰值并发 ' + i.peakInFlight + ' · 繁忙拒绝 ' + i.busyAnswers + '</div>';
    h += '<table><tr><th>协议号</th><th>卡号</th><th>银行</th><th>状态</th></tr>' + i.agreements.map((a) => '<tr><td>' + esc(a.protocolNo) + '</td><td>' + esc(a.cardNo) + '</td><td>' + esc(a.bankCode) + '</td><td>' + esc(a.status) + '</td></tr>').join('') + '</table>';
    h += '<table><tr><th>商户订单号</th><th>类型</th><th>金额</th><th>状态</th><th>流水号</th></tr>' + i.orders.slice(-20).reverse().map((o) => '<tr><td>' + esc(o.orderId) + '</td><td>' + esc(o.type) + '</td><td>¥' + yuan(o.amountFen) + '</td><td class="' + (o.status === 'success' ? 'ok' : o.status === 'failed' ? 'bad' : '') + '">' + esc(o.status) + '</td><td>' + esc(o.channelSerial) + '</td></tr>').join('') + '</table>';
  }
  h += '<h2>短信</h2><table><tr><th>手机</th><th>验证码</th><th>通道</th></tr>' + s.sms.slice().reverse().map((m) => '<tr><td>' + esc(m.mobile) + '</td><td>' + esc(m.code) + '</td><td>' + esc(m.instance) + '</td></tr>').join('') + '</table>';
  document.getElementById('root').innerHTML = h;
}
load(); setInterval(load, 2000);
</script></body></html>`;
}
