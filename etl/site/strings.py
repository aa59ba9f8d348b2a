"""Every word of the site's interface, one dictionary per language (data keep their own words).

Templates read them as `s.key`; a key missing from one language is a test failure, never a
silent fallback. Values are plain text: the templates escape them.
"""

from __future__ import annotations

from dataclasses import dataclass

EN: dict[str, str] = {
    "site_title": "Baotou–Beijing S&T cooperation 2012",
    "home": "Home", "figures": "Figures", "charts": "Charts", "tables": "Tables",
    "organisations": "Organisations", "sql_console": "SQL console", "search": "Search",
    "search_placeholder": "Search: 北航, Tsinghua…", "site_search": "Site search",
    "page_search": "Search this site", "main_nav": "Main", "switch": "中文",
    "switch_label": "这一页的中文版", "other_lang_name": "Chinese",
    "version": "Version", "licence": "licence",
    "downloads": "Downloads", "download_all": "Every table", "csv_bytes": "CSV bytes",
    "table": "Table", "workbook": "Workbook (Excel), a sheet per table",
    "sql_script": "SQL script: every table and view, for any SQL database",
    "duckdb": "DuckDB database with bilingual views",
    "descriptor": "Data Package descriptor: every table's schema",
    "console_line": "Query every table and view in your browser, nothing to install",
    "no_console": "this build has no SQL engine: run make site",
    "beyond": "Beyond this site: `make release` builds the versioned archives in dist/ (the "
              "data package as a zip, its checksums and the CKAN and DataCite records) for a "
              "repository such as Zenodo or a CKAN portal.",
    "about": "About", "cite": "Cite", "article_label": "The article",
    "data_set": "Data set",
    # tables
    "primary_key": "primary key", "query_sql": "query it in SQL", "fields": "Fields",
    "field": "field", "type": "type", "unit": "unit", "description": "description",
    "rows": "Rows", "rows_hint": "Names stand for ids (the id is beside each); click a column "
                                  "to sort, blanks last.",
    "filter": "Filter", "filter_rows": "type to filter rows", "download_rows":
    "Download these rows (CSV)", "filter_figures": "e.g. 清华, rail, target",
    "download_figures": "Download these figures (CSV)",
    # figures
    "figures_title": "Figures and their source",
    "figures_intro": "Every figure beside the paragraph of the archived article it comes "
                     "from; the quote is highlighted exactly by its character offsets, and "
                     "repairs of the captured text (dotted) are followed by our reading in a "
                     "box: tap it for the reason.",
    "copyright": "The article is © its publisher; it is shown only to verify the figures.",
    "permalink": "Permalink", "permalink_title": "Link to this figure",
    "inferred_paren": "(inferred)", "repair": "Repair", "printed": "printed", "we_read": "we read",
    # charts
    "saline": "The saline-land pilot", "bainite": "The bainite rail",
    "seven_twos": "The “Seven Twos” targets", "partners_chart": "Partners",
    "saline_caption": "Average soil pH and alkalisation degree (exchangeable sodium, %) before "
                      "and after improving saline-alkali land with flue-gas desulphurisation "
                      "gypsum, in the Tumed Right Banner project with Tsinghua University.",
    "bainite_caption": "Gains of Baogang's bainite rail and turnout steel over pearlitic steel, "
                       "as the printed ranges (bar from the low to the high end).",
    "bainite_multiple": "The third gain, {label}, is printed as a multiple ({printed}, {value} "
                        "times), not a percentage, so it is not drawn on this scale.",
    "seven_caption": "The programme's targets for 2017, as printed: six of 200 and one of at "
                     "least 20.",
    "partners_caption": "Every Baotou organisation with a partner in Beijing, and those "
                        "partners, from the relations table.",
    "before": "before", "after": "after", "soil_ph": "soil pH",
    "alkalisation": "alkalisation %", "saline_aria": "Saline-land pilot: soil pH and "
    "alkalisation degree before and after improvement",
    "baotou_side": "Baotou side", "beijing_partners": "Beijing partners",
    # entities
    "names": "Names", "kind": "Type", "part_of": "Part of", "location": "Location", "id": "Id",
    "note": "Note",
    "parts": "Parts", "partners": "Partners",
    "partners_count": "{n} distinct partners in {m} relations",
    "no_partners": "None in the relations table.", "everything": "Everything about it",
    "from_view": "From the entity_facts view", "run_it": "run it",
    "what": "what", "quote": "quote", "offset": "offset", "row": "row", "role": "role",
    "relation": "relation", "partner": "partner",
    "organisations_intro": "Every organisation, body, park, programme and project of the "
                           "article, with the short names it prints.",
    "name": "name", "printed_as": "printed as", "facts": "facts",
    # search
    "search_intro": "Search every table and every name the article prints: full names, short "
                    "names (北航, 中科院), ids, labels and quotes.",
    "search_needs_js": "The search needs JavaScript.",
    "results": "{n} result(s) for “{q}”", "did_you_mean": "No exact match. Did you mean:",
    "kind_entity": "Organisation", "kind_figure": "Figure",
    # console
    "console_intro": "SQL in your browser, over this release's own files: every table "
                     "({tables}) and every view of the database. Nothing leaves your computer: "
                     "once the data are in, the console reads no other file and no other site.",
    "engine_sqlite": "Engine: SQLite (sql.js, 0.5 MB to download; SQLite's SQL, as in the "
                     "release's SQLite file and Datasette).",
    "engine_duckdb": "Engine: DuckDB (DuckDB-WASM, 8 MB to download the first time; DuckDB's "
                     "SQL, as in the release's DuckDB file).",
    "use_sqlite": "Use SQLite (quicker start)", "use_duckdb": "Use DuckDB instead",
    "too_many_rows": "The answer has more than {n} rows, more than the console shows: add a "
                     "LIMIT, or query the DuckDB or SQLite file on your computer.",
    "too_many_values": "The answer has more than {n} values (rows × columns), more than the "
                       "console shows: choose fewer columns or rows, or query the DuckDB or "
                       "SQLite file on your computer.",
    "too_much_text": "The answer has more than {n} characters, more than the console shows: "
                     "choose fewer or shorter columns (substr), or query the DuckDB or SQLite "
                     "file on your computer.",
    "timed_out": "Stopped after {s} s: the query took too long.",
    "sql_label": "SQL", "run": "Run", "download_result": "Download result (CSV)",
    "loading": "Loading…", "examples": "Questions from the cookbook",
    "examples_hint": "Each is a link: the query is in the address, and it runs when the "
                     "page opens.",
    "missing_console": "This build of the site has no SQL engine (sql.js, DuckDB-WASM): "
                       "run make site, which installs them with npm ci.",
    "file_url": "The console needs a web server: run `make serve` (or `python -m http.server` "
                "in the site folder) and open http://127.0.0.1:8000/sql.html.",
    "step_engine": "Downloading {engine}", "step_start": "Starting {engine}",
    "step_data": "Loading the tables", "step_views": "Creating the views",
    "ready": "Ready in {s} s", "running": "Running…", "rows_in": "{n} row(s) in {ms} ms",
    "query_error": "{engine} error", "not_loaded": "Not loaded", "did_not_start":
    "{engine} did not start:", "cached": "from the browser's cache",
}

ZH: dict[str, str] = {
    "site_title": "包头·北京科技创新合作 2012",
    "home": "首页", "figures": "数据与原文", "charts": "图表", "tables": "数据表",
    "organisations": "机构", "sql_console": "SQL查询", "search": "搜索",
    "search_placeholder": "搜索：北航、清华……", "site_search": "站内搜索",
    "page_search": "搜索本站", "main_nav": "主导航", "switch": "English",
    "switch_label": "This page in English", "other_lang_name": "英文",
    "version": "版本", "licence": "许可协议",
    "downloads": "下载", "download_all": "全部数据表", "csv_bytes": "CSV字节数",
    "table": "数据表", "workbook": "Excel工作簿（每表一页）",
    "sql_script": "SQL脚本：全部表与视图，适用于任何SQL数据库",
    "duckdb": "DuckDB数据库（含中英文视图）",
    "descriptor": "数据包描述文件（含各表结构）",
    "console_line": "在浏览器中直接查询全部表与视图，无需安装",
    "no_console": "此版本未包含SQL引擎，请运行 make site",
    "beyond": "本站之外：`make release` 在 dist/ 中生成带版本号的归档（数据包zip、校验和、"
              "CKAN与DataCite元数据），可发布到Zenodo或CKAN门户等数据仓储。",
    "about": "简介", "cite": "引用", "article_label": "原文",
    "data_set": "数据集",
    "primary_key": "主键", "query_sql": "用SQL查询", "fields": "字段",
    "field": "字段", "type": "类型", "unit": "单位", "description": "说明",
    "rows": "数据行", "rows_hint": "外键显示名称，旁附编号；点击列名排序，空值总在最后。",
    "filter": "筛选", "filter_rows": "输入以筛选", "download_rows": "下载所筛选的行（CSV）",
    "filter_figures": "例如：清华、钢轨、目标", "download_figures": "下载所筛选的数据（CSV）",
    "figures_title": "数据与原文",
    "figures_intro": "每项数据与其原文段落并列，引文按字符位置高亮；校勘处以虚线标出，"
                     "方框内为校读，点按可看理由。",
    "copyright": "原文版权归出版方所有，此处仅用于核对数据。",
    "permalink": "链接", "permalink_title": "本项数据的链接",
    "inferred_paren": "（推定）", "repair": "校勘", "printed": "原文", "we_read": "校读为",
    "saline": "盐碱地改良示范", "bainite": "贝氏体钢轨", "seven_twos": "“七个二”工程",
    "partners_chart": "合作网络",
    "saline_caption": "土右旗与清华大学合作，利用脱硫石膏改良盐碱地前后的土壤平均pH值与碱化度。",
    "bainite_caption": "包钢贝氏体钢轨及道岔钢相对珠光体钢的性能提高幅度（按原文区间，"
                       "条形从低端到高端）。",
    "bainite_multiple": "第三项“{label}”原文为倍数（{printed}，即{value}倍），不是百分比，"
                        "故未画在此刻度上。",
    "seven_caption": "“七个二”工程2017年目标（按原文）：六个200、一个20以上。",
    "partners_caption": "关系表中有北京合作方的包头机构及其合作方。",
    "before": "改良前", "after": "改良后", "soil_ph": "土壤pH值", "alkalisation": "碱化度 %",
    "saline_aria": "盐碱地改良示范：改良前后的土壤pH值与碱化度",
    "baotou_side": "包头方", "beijing_partners": "北京合作方",
    "names": "名称", "kind": "类型", "part_of": "上级", "location": "所在地", "id": "编号",
    "note": "注",
    "parts": "下属", "partners": "合作方", "partners_count": "{n}个合作方，{m}项关系",
    "no_partners": "关系表中无记录。", "everything": "全部相关记录",
    "from_view": "来自 entity_facts 视图", "run_it": "运行",
    "what": "内容", "quote": "引文", "offset": "位置", "row": "行", "role": "角色",
    "relation": "关系", "partner": "合作方",
    "organisations_intro": "文中全部机构、园区、工程与项目，及其简称。",
    "name": "名称", "printed_as": "简称", "facts": "记录",
    "search_intro": "检索全部数据表及文中出现的全部名称、简称（北航、中科院）、编号、标签与引文。",
    "search_needs_js": "搜索需要启用JavaScript。",
    "results": "“{q}”共{n}条结果", "did_you_mean": "没有完全匹配的结果。您要找的是否是：",
    "kind_entity": "机构", "kind_figure": "数据",
    "console_intro": "在浏览器中用SQL查询本数据包自己的文件：全部表（{tables}）"
                     "与数据库的全部视图。数据不出本机：数据载入后，控制台不再读取其他文件或网站。",
    "engine_sqlite": "查询引擎：SQLite（sql.js，下载约0.5 MB；使用SQLite的SQL语法，"
                     "与本数据包的SQLite文件及Datasette相同）。",
    "engine_duckdb": "查询引擎：DuckDB（DuckDB-WASM，首次使用下载约8 MB；使用DuckDB的SQL语法，"
                     "与本数据包的DuckDB文件相同）。",
    "use_sqlite": "改用SQLite（启动更快）", "use_duckdb": "改用DuckDB",
    "too_many_rows": "结果超过{n}行，超出控制台可显示的范围：请加 LIMIT，"
                     "或在本机查询DuckDB或SQLite文件。",
    "too_many_values": "结果超过{n}个值（行数×列数），超出控制台可显示的范围：请少选列或行，"
                       "或在本机查询DuckDB或SQLite文件。",
    "too_much_text": "结果超过{n}个字符，超出控制台可显示的范围：请少选或截短列（substr），"
                     "或在本机查询DuckDB或SQLite文件。",
    "timed_out": "查询超过{s}秒，已停止。",
    "sql_label": "SQL查询语句", "run": "运行", "download_result": "下载结果（CSV）",
    "loading": "正在加载……", "examples": "常见问题",
    "examples_hint": "每个问题都是一个链接：查询语句在地址中，打开即运行。",
    "missing_console": "此版本未包含SQL引擎（sql.js、DuckDB-WASM）：请运行 make site"
                       "（它用 npm ci 安装）。",
    "file_url": "SQL查询需要网络服务器：请运行 `make serve`（或在网站目录中运行 "
                "`python -m http.server`），然后打开 http://127.0.0.1:8000/zh/sql.html。",
    "step_engine": "正在下载{engine}", "step_start": "正在启动{engine}",
    "step_data": "正在载入数据表", "step_views": "正在创建视图",
    "ready": "已就绪，用时{s}秒", "running": "运行中……", "rows_in": "共{n}行，用时{ms}毫秒",
    "query_error": "{engine}查询出错", "not_loaded": "未能加载",
    "did_not_start": "{engine}未能启动：",
    "cached": "来自浏览器缓存",
}

# Each relation in words, from one side: {s} is the subject, {o} the object.
RELATION_SENTENCES: dict[str, dict[str, str]] = {
    "en": {
        "agreement": "{s} signed a cooperation agreement with {o}",
        "joint_institution": "{s} set up a joint centre or office with {o}",
        "alliance_lead": "{s} leads {o}",
        "institute_host": "{s} is to host and build {o}",
        "institute_partner": "{o} is a partner of {s}",
        "research_cooperation": "{s} develops a technology or product with {o}",
        "technology_basis": "{s} rests on the technology of {o}",
        "cooperation": "{s} cooperates with {o}",
        "established": "{s} set up {o}",
        "tested_by": "{o} tested the product of {s}",
        "ceremony_guest": "{o} is to attend the ceremony of {s}",
        "site_of": "{o} is in {s}",
        "carries_out": "{s} carries out {o}",
        "supports": "{s} supports {o}",
        "award": "{s} gave {o} an award or title",
        "developed": "{s} developed {o}",
        "supplies": "{s} supplies {o}",
        "follows_model": "{s} is to follow the model of {o}",
    },
    "zh": {
        "agreement": "{s}与{o}签订合作协议",
        "joint_institution": "{s}与{o}共建机构",
        "alliance_lead": "{s}牵头{o}",
        "institute_host": "{s}承建{o}",
        "institute_partner": "{o}是{s}的合作方",
        "research_cooperation": "{s}与{o}合作研发",
        "technology_basis": "{s}依托{o}的技术",
        "cooperation": "{s}与{o}合作",
        "established": "{s}建立了{o}",
        "tested_by": "{o}检测了{s}的产品",
        "ceremony_guest": "{o}出席{s}的签约仪式",
        "site_of": "{o}位于{s}",
        "carries_out": "{s}承担实施{o}",
        "supports": "{s}支持{o}",
        "award": "{s}授予{o}荣誉",
        "developed": "{s}研制了{o}",
        "supplies": "{s}向{o}供货",
        "follows_model": "{s}借鉴{o}的模式",
    },
}


@dataclass(frozen=True)
class Language:
    """One of the site's two languages: where its pages live and what they say."""

    code: str  # "en" or "zh": the key of everything per language
    html: str  # the pages' lang attribute
    folder: str  # where its pages live under the site root ("" or "zh/")
    strings: dict[str, str]

    @property
    def other(self) -> Language:
        return ZH_HANS if self.code == "en" else ENGLISH

    def pick(self, en: str, zh: str | None) -> str:
        """The text in this language, English where the Chinese is still missing."""
        return zh if self.code == "zh" and zh else en


ENGLISH = Language("en", "en", "", EN)
ZH_HANS = Language("zh", "zh-Hans", "zh/", ZH)
LANGUAGES = (ENGLISH, ZH_HANS)

# Roles of the entity_facts view that are not codes of the fact_role vocabulary.
FACT_ROLE_WORDS: dict[str, dict[str, str]] = {
    "en": {"subject": "what the figure is about", "alias": "a name it is printed under",
           "alias_here": "the name printed here", "list_item": "listed",
           "parent_of": "one of its parts"},
    "zh": {"subject": "数据主体", "alias": "文中简称", "alias_here": "此处所用名称",
           "list_item": "列举条目", "parent_of": "下属机构"},
}
