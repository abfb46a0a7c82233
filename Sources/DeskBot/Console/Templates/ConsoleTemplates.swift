/// The console's mustache templates (swift-mustache), embedded so the binary needs no resource folder.
/// Every page is rendered into `layout` as `content`; `{{ }}` escapes HTML, `{{{ }}}` is used only for
/// server-made markup (rendered pages, SVG charts).
enum ConsoleTemplates {
    static let all: [String: String] = [
        "layout": layout, "login": login, "dashboard": dashboard, "complaints": complaints, "complaint": complaint,
        "handoffs": handoffs, "handoff": handoff, "knowledge": knowledge, "faq": faq, "intent": intent,
        "unmatched": unmatched, "staff": staff, "audit": audit, "message": message, "opendata": openData,
    ]

    static let layout = #"""
    <!doctype html>
    <html lang="{{lang}}" dir="{{dir}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · DeskBot</title>
    <style>{{{css}}}</style>
    </head>
    <body>
    <a class="skip" href="#main">{{t.skip}}</a>
    <header>
    <strong>{{#public}}DeskBot · {{t.opendata}}{{/public}}{{^public}}{{t.app}}{{/public}}</strong>
    {{#user}}
    <nav aria-label="{{t.menu}}">
    <a href="/admin">{{t.dashboard}}</a>
    <a href="/admin/complaints">{{t.complaints}}</a>
    <a href="/admin/handoffs">{{t.handoffs}}{{#handoffCount}} ({{handoffCount}}){{/handoffCount}}</a>
    {{#canEdit}}<a href="/admin/knowledge">{{t.knowledge}}</a>
    <a href="/admin/unmatched">{{t.unmatched}}</a>{{/canEdit}}
    {{#canManage}}<a href="/admin/staff">{{t.staff}}</a>
    <a href="/admin/audit">{{t.audit}}</a>{{/canManage}}
    <a href="/open-data">{{t.opendata}}</a>
    </nav>
    <div class="who">
    <span>{{user}} ({{role}})</span>
    <form method="post" action="/admin/preferences" class="inline">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <label for="pref-language" class="sr">{{t.preferences}}</label>
    <select id="pref-language" name="language">{{#languages}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/languages}}</select>
    <button type="submit">{{t.save}}</button>
    </form>
    <form method="post" action="/admin/logout" class="inline">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <button type="submit">{{t.logout}}</button>
    </form>
    </div>
    {{/user}}
    </header>
    <main id="main">
    <h1>{{title}}</h1>
    {{#flash}}<p class="flash" role="status">{{flash}}</p>{{/flash}}
    {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
    {{{content}}}
    </main>
    </body>
    </html>
    """#

    static let login = #"""
    <form method="post" action="/admin/login" class="card narrow">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <p><label for="username">{{t.username}}</label><input id="username" name="username" autocomplete="username" required autofocus></p>
    <p><label for="password">{{t.password}}</label><input id="password" name="password" type="password" autocomplete="current-password" required></p>
    <p><button type="submit" id="login">{{t.login}}</button></p>
    </form>
    """#

    static let message = #"""
    <p><a href="/admin">{{t.dashboard}}</a></p>
    """#

    static let dashboard = #"""
    <section class="grid">
    <figure class="card"><figcaption>{{t.complaints_per_week}}</figcaption>{{{weekly}}}</figure>
    <figure class="card"><figcaption>{{t.open_resolved}}</figcaption>{{{openResolved}}}</figure>
    <figure class="card"><figcaption>{{t.median_days}}</figcaption>{{{median}}}</figure>
    <figure class="card"><figcaption>{{t.ratings}}</figcaption>{{{ratings}}}</figure>
    <figure class="card"><figcaption>{{t.not_understood}}</figcaption>{{{notUnderstood}}}</figure>
    </section>
    """#

    static let complaints = #"""
    <form method="get" action="/admin/complaints" class="filters card">
    <p><label for="f-status">{{t.status}}</label><select id="f-status" name="status"><option value="">{{t.any}}</option>{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/statuses}}</select></p>
    <p><label for="f-category">{{t.category}}</label><select id="f-category" name="category"><option value="">{{t.any}}</option>{{#categories}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/categories}}</select></p>
    <p><label for="f-locale">{{t.locale}}</label><select id="f-locale" name="locale"><option value="">{{t.any}}</option>{{#locales}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/locales}}</select></p>
    <p><label for="f-channel">{{t.channel}}</label><select id="f-channel" name="channel"><option value="">{{t.any}}</option>{{#channels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/channels}}</select></p>
    <p><label for="f-age">{{t.age}} ({{t.days}}, ≥)</label><input id="f-age" name="age" inputmode="numeric" value="{{age}}" size="4"></p>
    <p><label><input type="checkbox" name="overdue" value="1"{{#overdue}} checked{{/overdue}}> {{t.overdue}}</label></p>
    <p><label for="f-q">{{t.search_reference}}</label><input id="f-q" name="q" value="{{q}}" placeholder="CMP-2026-000123"></p>
    <p><button type="submit">{{t.filter}}</button></p>
    </form>
    <table>
    <thead><tr><th scope="col">{{t.reference}}</th><th scope="col">{{t.category}}</th><th scope="col">{{t.status}}</th><th scope="col">{{t.locale}}</th><th scope="col">{{t.channel}}</th><th scope="col">{{t.filed}}</th><th scope="col">{{t.age}}</th></tr></thead>
    <tbody>
    {{#rows}}<tr{{#overdue}} class="overdue"{{/overdue}}><td><a href="/admin/complaints/{{reference}}">{{reference}}</a></td><td>{{category}}</td><td>{{status}}</td><td>{{locale}}</td><td>{{channel}}</td><td>{{filed}}</td><td>{{age}}</td></tr>{{/rows}}
    {{^rows}}<tr><td colspan="7">{{t.no_rows}}</td></tr>{{/rows}}
    </tbody>
    </table>
    <nav class="pager" aria-label="{{t.page}}">{{#previous}}<a href="{{previous}}" rel="prev">{{t.previous}}</a>{{/previous}} <span>{{t.page}} {{page}} / {{pages}} ({{total}})</span> {{#next}}<a href="{{next}}" rel="next">{{t.next}}</a>{{/next}}</nav>
    """#

    static let complaint = #"""
    <dl class="card">
    <dt>{{t.category}}</dt><dd>{{c.category}}</dd>
    <dt>{{t.status}}</dt><dd id="current-status">{{c.status}}</dd>
    <dt>{{t.locale}} / {{t.channel}}</dt><dd>{{c.locale}} / {{c.channel}}</dd>
    <dt>{{t.filed}}</dt><dd>{{filed}}</dd>
    <dt>{{t.location}}</dt><dd>{{c.location}}</dd>
    <dt>{{t.description}}</dt><dd>{{c.description}}</dd>
    {{#showCitizen}}<dt>{{t.name}}</dt><dd>{{c.name}}</dd>{{/showCitizen}}
    </dl>
    <section class="card">
    <h2>{{t.history}}</h2>
    <ol class="history">{{#history}}<li><time>{{at}}</time> {{from}} → <strong>{{to}}</strong> {{t.by}} {{by}}{{#note}}: {{note}}{{/note}}</li>{{/history}}</ol>
    </section>
    <section class="card">
    <h2>{{t.notifications}}</h2>
    <ul>{{#notices}}<li><time>{{at}}</time> {{channel}} — {{status}}</li>{{/notices}}{{^notices}}<li>{{t.no_rows}}</li>{{/notices}}</ul>
    </section>
    <section class="card">
    <h2>{{t.citizen_messages}}</h2>
    {{#showCitizen}}<ul>{{#messages}}<li><time>{{at}}</time> <strong>{{author}}</strong>: {{text}}</li>{{/messages}}{{^messages}}<li>{{t.no_rows}}</li>{{/messages}}</ul>{{/showCitizen}}
    {{^showCitizen}}<p>{{t.citizen_messages_hidden}}</p>{{/showCitizen}}
    </section>
    {{#canChange}}
    <form method="post" action="/admin/complaints/{{c.reference}}/status" class="card">
    <h2>{{t.change_status}}</h2>
    <input type="hidden" name="csrf" value="{{csrf}}">
    <p><label for="new-status">{{t.new_status}}</label><select id="new-status" name="status">{{#next}}<option value="{{.}}">{{.}}</option>{{/next}}</select></p>
    <p><label for="note">{{t.note}}</label><textarea id="note" name="note" rows="3"></textarea></p>
    <p><button type="submit" id="change-status">{{t.save}}</button></p>
    </form>
    {{/canChange}}
    {{#canReopen}}
    <form method="post" action="/admin/complaints/{{c.reference}}/reopen" class="card">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <p><label for="reopen-note">{{t.note}}</label><input id="reopen-note" name="note"></p>
    <p><button type="submit">{{t.reopen}}</button></p>
    </form>
    {{/canReopen}}
    {{#canDuplicate}}
    <form method="post" action="/admin/complaints/{{c.reference}}/duplicate" class="card">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <p><label for="dup-of">{{t.duplicate_of}}</label><input id="dup-of" name="of" placeholder="CMP-2026-000123" required></p>
    <p><button type="submit">{{t.mark_duplicate}}</button></p>
    </form>
    {{/canDuplicate}}
    """#

    static let handoffs = #"""
    <table>
    <thead><tr><th scope="col">#</th><th scope="col">{{t.channel}}</th><th scope="col">{{t.locale}}</th><th scope="col">{{t.status}}</th><th scope="col">{{t.opened}}</th><th scope="col">{{t.messages}}</th></tr></thead>
    <tbody>
    {{#rows}}<tr><td><a href="/admin/handoffs/{{id}}">#{{id}}</a></td><td>{{channel}}</td><td>{{locale}}</td><td>{{status}}</td><td>{{opened}}</td><td>{{count}}</td></tr>{{/rows}}
    {{^rows}}<tr><td colspan="6">{{t.no_rows}}</td></tr>{{/rows}}
    </tbody>
    </table>
    """#

    static let handoff = #"""
    <p>{{h.channel}} · {{h.locale}} · {{h.status}} · {{t.opened}} {{opened}}</p>
    <ol class="thread">{{#messages}}<li class="{{kind}}"><time>{{at}}</time> <strong>{{author}}</strong><p dir="auto">{{text}}</p></li>{{/messages}}</ol>
    {{#isOpen}}
    <form method="post" action="/admin/handoffs/{{h.id}}/answer" class="card">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <p><label for="answer">{{t.answer_text}}</label><textarea id="answer" name="text" rows="4" required dir="auto"></textarea></p>
    <p><label><input type="checkbox" name="handback" value="1" checked> {{t.hand_back}}</label></p>
    <p><button type="submit" id="send-answer">{{t.send}}</button></p>
    </form>
    <form method="post" action="/admin/handoffs/{{h.id}}/close" class="inline">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <button type="submit">{{t.hand_back_now}}</button>
    </form>
    {{/isOpen}}
    """#

    static let knowledge = #"""
    <form method="get" action="/admin/knowledge" class="inline card">
    <label for="k-locale">{{t.locale}}</label>
    <select id="k-locale" name="locale">{{#locales}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/locales}}</select>
    <button type="submit">{{t.filter}}</button>
    </form>
    <form method="post" action="/admin/knowledge/{{locale}}/try" class="card">
    <h2>{{t.try_it}}</h2>
    <input type="hidden" name="csrf" value="{{csrf}}">
    <p><label for="try-text">{{t.message}}</label><input id="try-text" name="text" value="{{tryText}}" dir="auto" required></p>
    <p><button type="submit" id="try">{{t.try}}</button></p>
    {{#tried}}
    <p><strong>{{t.desk_answers}}</strong> (<span id="try-intent">{{intent}}</span>):</p>
    <blockquote id="try-answer" dir="auto">{{answer}}</blockquote>
    <details open><summary>{{t.why}}</summary><pre id="try-why">{{why}}</pre></details>
    {{/tried}}
    </form>
    <section class="card">
    <h2>{{t.faq_answers}}</h2>
    <ul class="cols">{{#faqs}}<li><a href="/admin/knowledge/{{locale}}/faq/{{id}}">{{id}}</a></li>{{/faqs}}</ul>
    </section>
    <section class="card">
    <h2>{{t.intents}}</h2>
    <ul class="cols">{{#intents}}<li><a href="/admin/knowledge/{{locale}}/intent/{{id}}">{{id}}</a></li>{{/intents}}</ul>
    </section>
    """#

    static let faq = #"""
    <p><a href="/admin/knowledge?locale={{locale}}">{{t.knowledge}}</a></p>
    {{#hasProblems}}<div class="error" role="alert"><p>{{t.errors}}:</p><ul>{{#problems}}<li>{{.}}</li>{{/problems}}</ul></div>{{/hasProblems}}
    <form method="post" action="/admin/knowledge/{{locale}}/faq/{{id}}" class="card">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <p><label for="faq-answer">{{t.answer_text_faq}}</label><textarea id="faq-answer" name="answer" rows="6" dir="{{textDir}}" required>{{answer}}</textarea></p>
    <p><button type="submit" id="save-faq">{{t.save}}</button></p>
    </form>
    """#

    static let intent = #"""
    <p><a href="/admin/knowledge?locale={{locale}}">{{t.knowledge}}</a></p>
    {{#hasProblems}}<div class="error" role="alert"><p>{{t.errors}}:</p><ul>{{#problems}}<li>{{.}}</li>{{/problems}}</ul></div>{{/hasProblems}}
    <form method="post" action="/admin/knowledge/{{locale}}/intent/{{id}}" class="card">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <p class="hint">{{t.one_per_line}}</p>
    <p><label for="keywords">{{t.keywords}}</label><textarea id="keywords" name="keywords" rows="8" dir="{{textDir}}">{{keywords}}</textarea></p>
    <p><label for="phrases">{{t.phrases}}</label><textarea id="phrases" name="phrases" rows="6" dir="{{textDir}}">{{phrases}}</textarea></p>
    <p><label for="examples">{{t.examples}}</label><textarea id="examples" name="examples" rows="8" dir="{{textDir}}">{{examples}}</textarea></p>
    <p><button type="submit" id="save-intent">{{t.save}}</button></p>
    </form>
    """#

    static let unmatched = #"""
    <form method="get" action="/admin/unmatched" class="inline card">
    <label for="u-locale">{{t.locale}}</label>
    <select id="u-locale" name="locale"><option value="">{{t.any}}</option>{{#locales}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/locales}}</select>
    <button type="submit">{{t.filter}}</button>
    </form>
    {{#promoted}}<p class="flash" role="status" id="promoted">“{{text}}” — {{t.now_classifies}} <strong id="promoted-intent">{{intent}}</strong></p>{{/promoted}}
    <table>
    <thead><tr><th scope="col">{{t.locale}}</th><th scope="col">{{t.count}}</th><th scope="col">{{t.message}}</th><th scope="col">{{t.last_seen}}</th><th scope="col">{{t.promote}}</th><th scope="col">{{t.dismiss}}</th></tr></thead>
    <tbody>
    {{#groups}}<tr>
    <td>{{locale}}</td><td>{{count}}</td><td dir="auto" class="msg">{{text}}</td><td>{{lastSeen}}</td>
    <td><form method="post" action="/admin/unmatched/{{id}}/promote" class="inline">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <label for="intent-{{id}}" class="sr">{{t.intent}}</label>
    <select id="intent-{{id}}" name="intent">{{#intents}}<option value="{{.}}">{{.}}</option>{{/intents}}</select>
    <label for="as-{{id}}" class="sr">{{t.as}}</label>
    <select id="as-{{id}}" name="as"><option value="example">{{t.example}}</option><option value="keyword">{{t.keyword}}</option></select>
    <button type="submit">{{t.promote}}</button></form></td>
    <td><form method="post" action="/admin/unmatched/{{id}}/dismiss" class="inline">
    <input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{t.dismiss}}</button></form></td>
    </tr>{{/groups}}
    {{^groups}}<tr><td colspan="6">{{t.no_rows}}</td></tr>{{/groups}}
    </tbody>
    </table>
    """#

    static let staff = #"""
    <table>
    <thead><tr><th scope="col">{{t.name}}</th><th scope="col">{{t.role}}</th><th scope="col">{{t.language}}</th><th scope="col">{{t.status}}</th><th scope="col"></th></tr></thead>
    <tbody>
    {{#rows}}<tr><td>{{name}}</td><td>{{role}}</td><td>{{language}}</td><td>{{#disabled}}{{t.disabled}}{{/disabled}}{{#locked}} 🔒{{/locked}}</td>
    <td><form method="post" action="/admin/staff/{{name}}/{{#disabled}}enable{{/disabled}}{{^disabled}}disable{{/disabled}}" class="inline">
    <input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{#disabled}}{{t.enable}}{{/disabled}}{{^disabled}}{{t.disable}}{{/disabled}}</button></form></td></tr>{{/rows}}
    </tbody>
    </table>
    <form method="post" action="/admin/staff" class="card">
    <h2>{{t.add_staff}}</h2>
    <input type="hidden" name="csrf" value="{{csrf}}">
    <p><label for="s-name">{{t.name}}</label><input id="s-name" name="name" required pattern="[a-z0-9._-]{2,32}"></p>
    <p><label for="s-role">{{t.role}}</label><select id="s-role" name="role"><option>clerk</option><option>supervisor</option><option>admin</option></select></p>
    <p><label for="s-language">{{t.language}}</label><select id="s-language" name="language"><option value="en">English</option><option value="ur">اردو</option></select></p>
    <p><label for="s-password">{{t.password}}</label><input id="s-password" name="password" type="password" minlength="10" required autocomplete="new-password"></p>
    <p><button type="submit">{{t.add}}</button></p>
    </form>
    """#

    static let audit = #"""
    <table>
    <thead><tr><th scope="col">{{t.when}}</th><th scope="col">{{t.who}}</th><th scope="col">{{t.what}}</th><th scope="col">{{t.subject}}</th><th scope="col">{{t.note}}</th></tr></thead>
    <tbody>{{#rows}}<tr><td>{{at}}</td><td>{{staff}}</td><td>{{action}}</td><td>{{subject}}</td><td>{{detail}}</td></tr>{{/rows}}</tbody>
    </table>
    """#

    static let openData = #"""
    <p>{{t.opendata_intro}}</p>
    <p><a href="/open-data.csv?by=category" download>{{t.download_csv}}</a> · <a href="/open-data.json?by=category" download>{{t.download_json}}</a></p>
    <section class="grid">
    <figure class="card"><figcaption>{{t.by_category}}</figcaption>{{{byCategory}}}</figure>
    <figure class="card"><figcaption>{{t.by_month}}</figcaption>{{{byMonth}}}</figure>
    <figure class="card"><figcaption>{{t.median_days}}</figcaption>{{{median}}}</figure>
    <figure class="card"><figcaption>{{t.by_locale}}</figcaption>{{{byLocale}}}</figure>
    </section>
    {{#tables}}
    <h2>{{title}}</h2>
    <p><a href="/open-data.csv?by={{by}}" download>CSV</a> · <a href="/open-data.json?by={{by}}" download>JSON</a></p>
    <table><thead><tr>{{#columns}}<th scope="col">{{.}}</th>{{/columns}}</tr></thead>
    <tbody>{{#rows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/rows}}</tbody></table>
    {{/tables}}
    """#

    static let css = """
    :root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0b5cad;--bg:#f6f8fa;--bad:#a40e26;--good:#116329}
    *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,"Noto Sans","Noto Nastaliq Urdu",sans-serif;color:var(--fg);background:var(--bg)}
    header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.6rem 1rem;background:#fff;border-block-end:1px solid var(--line)}
    nav{display:flex;flex-wrap:wrap;gap:.25rem .8rem}nav a{color:var(--accent)}.who{margin-inline-start:auto;display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
    main{padding:1rem;max-width:72rem;margin-inline:auto}h1{font-size:1.4rem;margin-block:0 .8rem}h2{font-size:1.1rem;margin-block:0 .5rem}
    .card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.8rem 1rem;margin-block-end:1rem}
    .narrow{max-width:24rem}.inline{display:inline-flex;gap:.4rem;align-items:center;flex-wrap:wrap}
    label{display:block;font-weight:600}.inline label,.filters label{display:inline-block}
    input,select,textarea,button{font:inherit;padding:.35rem .5rem;border:1px solid var(--line);border-radius:4px;max-width:100%}
    textarea{width:100%}button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer}
    :focus-visible{outline:3px solid #f0b400;outline-offset:1px}
    .filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}.filters p{margin:0}
    table{width:100%;border-collapse:collapse;background:#fff;margin-block-end:1rem}th,td{text-align:start;padding:.35rem .5rem;border-block-end:1px solid var(--line);vertical-align:top}
    tr.overdue td{background:#fff5f5}.msg{max-width:28rem;overflow-wrap:anywhere}
    .flash{background:#dafbe1;border:1px solid #4ac26b;padding:.5rem .8rem;border-radius:4px}
    .error{background:#ffebe9;border:1px solid #ff8182;padding:.5rem .8rem;border-radius:4px;color:var(--bad)}
    .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,22rem),1fr));gap:1rem}figure{margin:0}figcaption{font-weight:600;margin-block-end:.4rem}
    svg{width:100%;height:auto;direction:ltr}svg text{font:12px system-ui,sans-serif;fill:var(--fg)}
    .thread{list-style:none;padding:0}.thread li{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.5rem .8rem;margin-block-end:.5rem;max-width:40rem}
    .thread li.staff{margin-inline-start:auto;background:#ddf4ff}.thread p{margin:.2rem 0 0;white-space:pre-wrap}
    .cols{columns:14rem;padding-inline-start:1.2rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:600}dd{margin:0}
    .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}.skip{position:absolute;inset-inline-start:-999px}.skip:focus{inset-inline-start:1rem;top:1rem;background:#fff;padding:.4rem}
    .pager{display:flex;gap:1rem;align-items:center}.hint{color:var(--muted)}pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--bg);padding:.5rem}
    """
}
