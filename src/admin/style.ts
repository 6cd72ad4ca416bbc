/**
 * The one stylesheet (inline: the CSP allows no other source). Colours meet WCAG 2.1 AA: body text 13:1, muted text
 * #5a6270 at least 5.3:1 on every background used, links #1a4fb5 at least 6.5:1; focus is a 3px outline.
 * From 360px wide up nothing scrolls sideways but the tables, each inside its own scrolling box.
 */
export const CSS = `
*,*::before,*::after{box-sizing:border-box}
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9;overflow-wrap:break-word}
a{color:#1a4fb5}
:focus-visible,input:focus,input:focus-within,select:focus,textarea:focus{outline:3px solid #1a4fb5;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem;z-index:2}.skip:focus{left:.5rem}
header.top{background:#1d2330;color:#fff;padding:.5rem 1rem}
header.top a{color:#cfd8ff}header.top :focus-visible{outline-color:#ffd54a}
.bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.4rem 1rem}
.brand{font-weight:700;text-decoration:none}
.who{display:flex;align-items:center;gap:.4rem;min-width:0;max-width:100%}
.who .user{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;min-width:0;max-width:16ch}
.who .role{white-space:nowrap;color:#dfe4f0}
header.top button{background:#fff;color:#1d2330;border:1px solid #fff}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.2rem 1.1rem;margin:.4rem 0 0;padding:0}
nav a{display:inline-block;padding:.15rem 0;text-decoration:none}nav a:hover{text-decoration:underline}
nav a[aria-current=page]{color:#fff;font-weight:700;border-bottom:2px solid #ffd54a}
main{padding:1rem;max-width:1200px}main:focus{outline:none}
h1{font-size:1.45rem;margin:.3rem 0 .6rem}h2{font-size:1.15rem;margin:1.4rem 0 .5rem}
.scroll{position:relative;overflow-x:auto;max-width:100%;background:#fff;border:1px solid #e2e5ea}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #e2e5ea;padding:.4rem .55rem;text-align:left;vertical-align:top}
th{background:#eef0f4;font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums}.nowrap{white-space:nowrap}td.when{min-width:8.5rem}
form.inline{display:inline}
form.filters,form.add{margin:.6rem 0;display:flex;gap:.6rem;align-items:flex-end;flex-wrap:wrap}
label{display:flex;flex-direction:column;font-size:.85rem;color:#3d4452;max-width:100%}
input,select,textarea,button{font:inherit;padding:.35rem .5rem;min-height:2.25rem;max-width:100%;border:1px solid #8a93a3;border-radius:3px;background:#fff;color:#1d2330}
button{background:#1a4fb5;color:#fff;border-color:#1a4fb5;cursor:pointer}
button.secondary{background:#fff;color:#1a4fb5}
.actions{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin:.6rem 0}
.error{background:#fde8e8;border:1px solid #f5b5b5;padding:.5rem .8rem;margin:.6rem 0}
.notice{background:#e8f6ec;border:1px solid #b5e0c0;padding:.5rem .8rem;margin:.6rem 0}
.pager{margin:.8rem 0;display:flex;flex-wrap:wrap;gap:.4rem 1rem}.muted{color:#5a6270}
.ok{color:#1e7b3a;font-weight:600}.bad{color:#b3261e;font-weight:600}.wait{color:#9a5b00;font-weight:600}
dl{display:grid;grid-template-columns:minmax(7rem,max-content) minmax(0,1fr);gap:.3rem 1rem;background:#fff;padding:.8rem;border:1px solid #e2e5ea;margin:0}
dt{font-weight:600}dd{margin:0}pre{white-space:pre-wrap;margin:.3rem 0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,9.5rem),1fr));gap:.8rem;margin-bottom:1rem}
.charts{grid-template-columns:repeat(auto-fit,minmax(min(100%,24rem),1fr))}
.card{background:#fff;border:1px solid #e2e5ea;padding:.7rem .8rem}.card h2,.card h3{margin:0 0 .3rem;font-size:1rem}.card p{margin:.2rem 0}
.counts{list-style:none;display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin:.4rem 0;padding:0}
.timeline{list-style:none;margin:0;padding:0}.timeline .step{background:#fff;border:1px solid #e2e5ea;padding:.7rem .8rem;margin:0 0 .6rem}
.timeline h3{margin:0 0 .3rem;font-size:1rem}.attempt{border-top:1px solid #e2e5ea;margin-top:.5rem;padding-top:.4rem}
.said{margin:.3rem 0;padding-left:1.1rem}
form.stack{display:flex;flex-direction:column;gap:.6rem;align-items:flex-start;background:#fff;border:1px solid #e2e5ea;padding:.8rem;margin:.6rem 0}
fieldset{border:1px solid #e2e5ea;padding:.6rem;width:100%;display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,15rem),1fr));gap:.4rem 1rem;align-items:end}
form.stack textarea{width:min(100%,40rem)}label.check{flex-direction:row;align-items:center;gap:.4rem}
.big{font-size:1.8rem;font-weight:700;line-height:1.1}
figure{margin:0}svg{max-width:100%;height:auto;display:block}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.login{max-width:340px;margin:3rem auto;background:#fff;padding:1.5rem;border:1px solid #e2e5ea}
.login form{display:flex;flex-direction:column;gap:.7rem}
@media (max-width:30rem){main{padding:.7rem}dl{grid-template-columns:minmax(0,1fr)}dt{margin-top:.4rem}}
`
