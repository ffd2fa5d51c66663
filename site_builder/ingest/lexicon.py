"""The vocabulary of Chinese newspaper layout, in either punctuation width.

Outlet names and the formulas papers print around a story: leads (`本报讯（记者 X）`,
`新华社北京4月9日电`, `中新网9月2日电`, `【深圳商报讯】`), bylines (`□本报记者 X`,
`人民网记者 X`, `文/X`, `作者：X`), trailers (`（本报记者X整理）`, `（完）`,
`（摘编自《X》）`) and credits (`X摄`, `供图`). These are conventions of the trade,
not of any one page: nothing here names a story, a headline or a person.
"""
from __future__ import annotations

import re

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# what is not a common Han character: dropped to compare texts by their character bigrams
NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")
HAN_CHAR = re.compile("[\u4e00-\u9fff]")
# Punctuation in both widths, for patterns that must match web copies and PDFs too.
LP, RP = "[（(]", "[）)]"
COLON = "[：:]"
COMMA = "[，,、]"
SENT_END = "。！？!?…"
CLOSERS = "”’」』）)》\"'"

# A person's name as bylines print it: 2-4 characters (a dot inside for transliterated
# names), sometimes letter-spaced to fill the column (`陈  震`).
NAME = rf"(?:[{CJK}]\s{{0,3}}[{CJK}](?:\s{{0,3}}[{CJK}]){{0,2}}|[{CJK}]{{1,6}}·[{CJK}]{{1,8}})"
NAME_STRICT = rf"[{CJK}]{{2,4}}"

# Outlets: the wire services and national media by name, then the shapes of any
# other outlet's name (某某日报, 某某晚报, 某某网, 某某新闻 ...).
KNOWN_OUTLETS = (
    "新华社", "中新社", "中新网", "中国新闻网", "中国新闻社", "新华网", "人民日报", "人民网",
    "光明日报", "经济日报", "中国日报", "环球时报", "央视新闻", "央视网", "央广网",
    "中央广播电视总台", "总台", "中国青年报", "工人日报", "法治日报", "科技日报", "农民日报",
    "上海证券报", "上证报", "中国证券报", "证券时报", "证券日报", "每日经济新闻", "每经",
    "21世纪经济报道", "第一财经", "券商中国", "红星新闻", "澎湃新闻", "界面新闻", "财联社",
    "南方财经全媒体", "北京青年报", "新京报", "本报", "本网", "本刊",
)
_OUTLET_SUFFIX = ("日报", "晚报", "晨报", "都市报", "时报", "商报", "青年报", "法制报", "经济报",
                  "新闻", "全媒体", "电视台", "广播电视台", "报", "网", "社")
_PAPER_SUFFIX = ("日报", "晚报", "晨报", "都市报", "时报", "商报", "青年报", "法制报", "经济报", "电视台")
_KNOWN = "|".join(sorted(map(re.escape, KNOWN_OUTLETS), key=len, reverse=True))  # (longest first)
OUTLET = "(?:" + _KNOWN + rf"|[{CJK}]{{2,8}}?(?:" + "|".join(_OUTLET_SUFFIX) + "))"
# A paper's name as its masthead prints it: a known outlet, or a name of a paper's shape;
# a line that only ends in 网, 社 or 报 is as likely a headline (`…保障网`, `…合作社`, `喜报`)
MASTHEAD = re.compile("《?(?:" + _KNOWN + rf"|[{CJK}]{{2,8}}?(?:" + "|".join(_PAPER_SUFFIX) + "))》?")
# Canonical names: a paper is credited by its own name, not an alias or a reporter's title.
_CANONICAL = {
    "中国新闻网": "中新网", "中国新闻社": "中新社", "新华通讯社": "新华社", "中青报": "中国青年报",
    "上证报": "上海证券报", "上证报中国证券网": "上海证券报", "中国证券网": "上海证券报",
    "每经": "每日经济新闻", "总台": "中央广播电视总台", "央视": "中央广播电视总台",
    "央视新闻": "中央广播电视总台",
}
# Aggregators that reprint other outlets' stories: never a story's source.
AGGREGATORS = ("新浪财经", "新浪网", "新浪新闻", "搜狐", "网易", "腾讯新闻", "今日头条")
HOME_OUTLETS = ("本报", "本网", "本刊")


def canonical_outlet(name: str | None, home: str) -> str | None:
    """The outlet's canonical name; `本报` is the site's own paper; aggregators are None."""
    if not name:
        return None
    name = re.sub(r"\s+", "", name).strip("《》【】[]")
    name = re.sub(r"(?:记者|通讯员|特约|首席|评论员)+$", "", name)
    # (`据新华社`: the outlet reported by; `某某日报全媒体`, `某某晚报·某某壹点`: the paper
    # under its reporters' title or with its app's name beside it)
    name = re.sub(r"^据(?=..)", "", name)
    name = re.sub(r"(?<=[报网社台])(?:全媒体|融媒体)$|(?<=[报网社台])·.*$", "", name)
    # (an outlet's app is the outlet: `某某日报客户端`)
    name = re.sub(r"(?<=..)(?:新闻)?(?:客户端|APP|App|app)$", "", name)
    if name in HOME_OUTLETS or not name:
        return home
    if any(name.startswith(a) for a in AGGREGATORS):
        return None
    return _CANONICAL.get(name, name)


REPORTER = r"(?:特约|首席|见习|实习|驻[^\s记]{1,6})?(?:记者|通讯员|评论员|撰稿人|摄影记者)"

# --- leads: the formula that opens a story's first paragraph -------------------------
# 新华社北京4月9日电（记者 X）, 本报北京3月5日电, 中新网哈尔滨7月27日电, 本报电, 中新网9月2日电
_DATE_MD = r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
WIRE_LEAD = re.compile(
    rf"^[【\[]?\s*(?P<src>{OUTLET})\s*(?P<place>[{CJK}]{{0,10}}?)\s*(?:{_DATE_MD})?\s*电\s*[】\]]?"
    rf"(?!\s*{RP})")
# 本报讯（记者 X）, 【深圳商报讯】, 上证报中国证券网讯, 某某晚报讯, 央视网消息（新闻联播）：
FLASH_LEAD = re.compile(rf"^[【\[]?\s*(?P<src>{OUTLET})\s*(?P<place>[{CJK}]{{0,8}}?)\s*(?:{_DATE_MD})?\s*"
                        rf"(?:讯|消息)\s*[】\]]?")
# 【环球时报记者 X Y】, 21世纪经济报道记者X 北京报道, 每经记者 X
BRACKET_BYLINE = re.compile(rf"^[【\[]\s*(?P<src>{OUTLET})?\s*{REPORTER}\s*(?P<who>[^】\]]{{2,40}})[】\]]")
REPORTS_FROM = re.compile(
    rf"^(?P<src>{OUTLET})\s*{REPORTER}\s*(?P<who>(?:{NAME_STRICT}[\s、，,]*){{1,4}}?)\s*"
    rf"(?:[{CJK}]{{2,6}})?报道\s*")
# a byline printed glued to the first line of the body: `本报记者  李龙伊  白光迪3月5日下午，…`
# (the body's start must be plain: a digit, a quote, or an opening word of a news lead)
GLUED_BYLINE = re.compile(
    rf"^(?P<src>{OUTLET})?\s*{REPORTER}\s+(?P<who>(?:[{CJK}]{{2,3}}\s+|[{CJK}]\s{{1,3}}[{CJK}]\s{{2,}})*"
    rf"(?:[{CJK}]{{2,3}}?|[{CJK}]\s{{1,3}}[{CJK}])"
    rf"(?=\s*\d|\s*[“「]|[（(]|(?:近日|今年|日前|去年|当天|昨天|今天|前不久|眼下|如今|据悉|记者)[^\s]"
    # or a space and a word longer than a name, or one a stop follows (a name is never
    # followed by a comma in a byline): body text holds no space between words
    rf"|\s+[{CJK}]{{4}}|\s+[{CJK}]{{1,3}}[，。：；！？])"
    # or two two-character names letter-spaced alike (`陈 一 李 二`), the body right after
    rf"|[{CJK}]\s[{CJK}]\s[{CJK}]\s[{CJK}](?=[{CJK}]))")
# the reporter parenthesis after a lead: （记者 X 通讯员 Y）
REPORTER_PARENS = re.compile(rf"\s*{LP}(?P<who>[^（()）]{{1,80}}){RP}\s*")
# a lead of the reporters alone, in parentheses: `（记者 X 通讯员 Y）3月5日，…`
PAREN_LEAD = re.compile(rf"^{LP}\s*(?P<who>(?P<src>{OUTLET})?\s*{REPORTER}[^（()）]{{1,40}}){RP}(?=\s*\S)")
# the leads that open with their reporters' names (and so carry the story's byline)
NAMED_LEADS = (BRACKET_BYLINE, REPORTS_FROM, GLUED_BYLINE, PAREN_LEAD)
# or the reporters' names said after it: `本报讯 记者X报道：`
REPORTER_SAYS = re.compile(rf"\s*(?P<who>{REPORTER}\s*(?:{NAME_STRICT}[\s、]*){{1,4}}?)\s*报道\s*[：:，,]\s*")

# --- bylines and credits -------------------------------------------------------------
BOX = "[□■◇◆○●]"
BYLINE = re.compile(
    rf"^(?:{BOX}\s*)?(?:(?P<src>{OUTLET}(?:·[{CJK}]{{2,6}})?)\s*(?:客户端|APP)?\s*[|｜丨]?)?\s*{REPORTER}\s*{COLON}?\s*"
    rf"(?P<who>(?:{NAME}[\s、，,]*){{0,8}})$")
# (names set apart from each other: a box before a phrase, `■ 坚持以人为本`, is a section
# head's mark)
BOXED_NAMES = re.compile(rf"^{BOX}\s*(?P<who>{NAME}(?:[\s、，,]+{NAME}){{0,7}})\s*$")
# a deputy's or a member's post and name under a box: `□某某市市长 王一代表`
BOXED_SPEAKER = re.compile(rf"^{BOX}\s*(?P<aff>[^\s，,。]{{2,40}}?)\s+(?P<who>[{CJK}]{{2,4}}?)(?:代表|委员|常委)$")
# a line of an interview printed as questions and answers (`问：…？`, `答：…。`)
QA_LINE = re.compile(rf"^(?:问|答|记者|主持人|Q|A)\s*{COLON}\s*(?=.{{4,}})(?=.*[。？！，?!,])")
WRITER = re.compile(rf"^(?:文|图|文/图|文图|撰文|口述)\s*[/／|｜{COLON[1:-1]}]\s*(?P<rest>.{{2,40}})$")
AUTHOR_FIELD = re.compile(rf"^作者\s*{COLON}\s*(?P<who>[^\s　]+(?:\s{{1,3}}[^\s　]+)*?)(?=\s{{2,}}|　|$)")
EPAPER_META = re.compile(rf"(?:作者|来源|日期|发布时间|发布日期)\s*{COLON}")
COMMENTATOR = re.compile(rf"^(?:{OUTLET})?(?:特约)?评论员$")
# a line of names only: 2-3 characters each (or letter-spaced pairs, `金  鑫`)
SHORT_NAME = rf"(?:[{CJK}]{{2,3}}|[{CJK}]\s{{1,3}}[{CJK}]|[{CJK}]{{1,4}}·[{CJK}]{{1,6}})"
NAMES_ONLY = re.compile(rf"^{SHORT_NAME}(?:(?:\s+|[、，,]\s*){SHORT_NAME}){{0,6}}$")
SPEAKER = re.compile(
    rf"^(?P<aff>.{{2,40}}?)\s+(?P<name>[{CJK}]{{2,4}}?)\s*(?P<role>代表|委员|常委)?$")
# the end of a speaker line, the name set apart from the post by spaces
# (`某某大学校长  王一`): a display line though it has no stop (body text sets no spaces)
SPEAKER_LINE = re.compile(r"\S(?:\s{2,}|\u3000)[\u4e00-\u9fff]{2,4}(?:代表|委员|常委)?$")
PHOTO_CREDIT = re.compile(
    rf"(?:^|[\s　。）)（(])(?:{OUTLET})?\s*(?:{REPORTER})?\s*(?:{NAME}[\s、，,]*){{1,4}}\s*(?:摄|供图|制图|绘)\s*{RP}?"
    rf"(?:\s*{LP}[{CJK}]{{2,6}}{RP})?$"
    rf"|(?:图片|照片|资料图片|图)\s*(?:来源|由|均由|均为|为)?.{{0,30}}(?:提供|供图|发|摄)\s*{RP}?$"
    rf"|^{LP}?\s*(?:新华社发|视觉中国|资料图片|资料图|受访者供图|本报资料图片)\s*{RP}?$"
    rf"|^{LP}?\s*(?:图片|照片|图)来源\s*{COLON}\s*[^，。；]{{1,20}}{RP}?$")
# (and a caption's `……活动，图为……`: what the picture shows, after what it is of)
CAPTION_POSITION = re.compile(rf"{LP}[左右中上下前后][一二三四五六七八九\d]?{RP}|{LP}(?:左起|右起|从左至右|从左到右)"
                              r"|[，,。；]\s*图为")
# ■/◎ summary lines set above a story's body (a standfirst: not the body itself)
STANDFIRST = re.compile(r"^(?:[■◎●◆]|[【\[]?(?:核心提示|内容提要|提要|导读)[】\]]?\s*[：:]?)")
# the source of a chart or a table's figures: `数据来源：国家统计局`
DATA_CREDIT = re.compile(rf"^{LP}?\s*(?:(?:数据|资料|图表|图片|图)\s*(?:来源|出处)|图源)\s*{COLON}")
CAPTION_MARK = re.compile(r"^(?:[▲▼◀▶△▽↑↓←→]|图为|上图|下图|左图|右图|图[①-⑳\d]+\s*[：:]?|!\[)")

# --- trailers: what closes a story after its body -----------------------------------
_JOBS = r"(?:采访整理|整理|参与采写|采写|综合报道|报道|编译)"
TRAILER_NAMES = re.compile(
    rf"^{LP}\s*(?:文/图|文|图)?\s*(?:(?P<src>{OUTLET})?\s*{REPORTER}\s*(?P<who>(?:{NAME}[\s、，,]*){{1,24}}?)"
    rf"\s*{_JOBS}?|(?P<who2>(?:{NAME}[\s、，,]*){{1,24}}?)\s*{_JOBS})\s*{RP}$")
# a lone parenthesis of names after a story: （胡日查 韩学文）
PAREN_NAMES = re.compile(
    rf"^{LP}\s*(?:[{CJK}]{{2,3}}|{NAME_STRICT}(?:[\s、，,]+{NAME_STRICT})+"
    rf"|[{CJK}]{{2,6}}(?:[\s、，,]+[{CJK}]{{2,6}}){{2,}})\s*{RP}$")
TRAILER_WIRE = re.compile(rf"^{LP}\s*(?P<dl>(?:{OUTLET})[^（()）]{{0,20}}?电)\s*(?P<who>[^（()）]*){RP}$")
TRAILER_END = re.compile(rf"[（(]\s*(?P<dl>(?:{OUTLET})[^（()）]{{0,20}}?电)\s*(?P<who>[^（()）]{{0,40}}){RP}\s*$")
TRAILER_MISC = re.compile(
    rf"^{LP}\s*(?:完|作者[^（()）]{{0,80}}|摘编自[^（()）]{{0,60}}|本文[^（()）]{{0,60}}|总台记者[^（()）]{{0,30}}"
    rf"|来源[^（()）]{{0,30}}|相关报道见[^（()）]{{0,20}}|[^（()）]{{0,30}}参与采写|[^（()）]{{0,40}}整理"
    rf"|[^（()）]{{0,30}}对本文亦有贡献|本版稿件[^（()）]{{0,40}}|本报综合|综合[^（()）]{{2,30}}|据[^（()）]{{2,20}})\s*{RP}$")
# a reporter's credit printed on the last line of the body, after its last sentence:
# `…这是大势所趋。 某某报记者 王一`
GLUED_CREDIT = re.compile(
    rf"(?<=[。！？”])\s+(?P<credit>(?:{OUTLET})?\s*{REPORTER}\s*(?:{NAME}[\s、，,]*){{1,4}})$")
# how such a trailer opens, when its line is wrapped before it closes
TRAILER_OPEN = re.compile(rf"^{LP}\s*(?:完{RP}|作者\s*(?:为|{COLON})|摘编自|本文|总台记者|相关报道见)")
REPRINT = re.compile(rf"摘编自\s*《(?P<src>[^》]{{2,20}})》")
SIGN_OFF = re.compile(r"^[—–-]{1,2}\s*(?:编\s*者|本报编辑部|编辑部)$|^[—–-]{1,2}.{2,24}网友$")
CREDIT_ROLE = re.compile(
    rf"^(?:文案|剪辑|编辑|监制|鸣谢|摄像|制作|统筹|策划|设计|视频|海报|校对|出品|版式设计|美编|责编|记者)\s*{COLON}")

# --- page furniture -----------------------------------------------------------------
CONTINUATION = re.compile(
    rf"^[■◆●▲□]?\s*{LP}?\s*(?P<dir>上接|下转|接上|转下|紧接|转第|接第)\s*(?:第?\s*"
    rf"(?P<page>[A-Z]?[\d一二三四五六七八九十百零〇两]+)\s*版|页)\s*{RP}?\s*")
_DATE_FULL = (r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}"
              r"|\d{4}\.\d{1,2}\.\d{1,2}")
ISSUE_DATE = re.compile(rf"(?P<y>\d{{4}})\s*[年/.-]\s*(?P<m>\d{{1,2}})\s*[月/.-]\s*(?P<d>\d{{1,2}})\s*日?")
PAGE_NO = re.compile(r"第\s*[A-Z]?(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})\s*版")
WEEKDAY = re.compile(r"(?:星期|周)[一二三四五六日天]")
FURNITURE = [
    # (a hotline with its number: a headline or sentence about a hotline is none)
    (re.compile(r"热线(?:电话)?\s*[:：]?\s*[\d(（]|本版编辑|责任编辑|本版责编|版式设计|美术编辑|责任校对|图片编辑|投稿邮箱|本版邮箱"
                # the paper's colophon: serial numbers, address, price, printer
                r"|国内统一连续出版物号|邮发代号|总第\s*\d+\s*期|^社址\s*[:：]|本报地址|邮编\s*[:：]?\s*\d{6}"
                r"|^定价\s*[:：]|^印刷\s*[:：]|订阅电话|发行电话|^电话\s*[:：]\s*[\d-]{7,}"
                rf"|^{LP}?\s*(?:校对|检校|责编|美编|版式|制图|排版|(?:网络|本期|值班|责任)?编辑|版面设计|审核|审校"
                rf"|[初复终]审|值班主任|值班总编|出品人)\s*(?:{COLON}|/)|@[\w.-]+\.\w+"
                # (`（编辑 王一）`: a web copy's editor, in parentheses at its foot)
                rf"|^{LP}\s*(?:责任)?编辑\s+[{CJK}]{{2,4}}\s*{RP}$|广告经营许可证"), "footer"),
    (re.compile(rf"^[【\[][^】\]]*[】\]][^，。；,;]{{0,30}}版|^第\s*[A-Z]?\d+\s*版|^[-—]?\s*\d{{1,3}}\s*[-—]?$"
                # a page's code and name (`A04 城事`, `B2 国际`, `要闻 2`), an index box's head
                rf"|^[A-D]\d{{1,2}}\s*[{CJK}]{{2,4}}(?:\s+(?:{_DATE_FULL}))?$"
                rf"|^今日\s*\d{{1,3}}\s*版$|^今日导读$"
                rf"|^(?!.*[。！？])(?:{_DATE_FULL})\s*(?:星期|周)[一二三四五六日天]|^《[^》]{{2,12}}》\s*{LP}\s*(?:{_DATE_FULL})"
                rf"|^[^，。；]{{0,12}}第\s*[A-Z]?\d{{1,3}}\s*版[^，。；]{{0,16}}$"
                rf"|^(?![^，。；]*[，。；])(?=.{{0,24}}(?:{_DATE_FULL}|\d{{4}}\s*年\s*\d{{1,2}}\s*月)).{{0,40}}(?:(?:星期|周)[一二三四五六日天]|第\s*[A-Z]?\d{{1,3}}\s*版).{{0,16}}$"),
     "page header"),
    # (a prompt to scan: what it is to see; `扫码点餐…`, `二维码门牌…` are a story's words)
    (re.compile(r"(?:扫码|扫一扫|扫描[^，。]{0,8}二维码|长按[^，。]{0,4}二维码)\s*[，,]?\s*(?:即可|可|进入)?"
                r"(?:观看|阅读|关注|下载|了解|收听|查看|参与|报名|获取|收看|浏览|看|听|订阅|加入)"
                r"|^(?:扫码|扫一扫|二维码|新媒体阅读)$|^请扫[^，。]{0,6}二维码[^，。]{0,8}$|本页完"
                # (a sentence that says where to get the app, `市民可下载某某客户端预约。`, is body)
                r"|^(?!.*。).*?(?:尽在.{0,8}APP|下载.{0,8}客户端|点击.{0,6}(?:阅读|进入|查看))"
                r"|^(?:END|THE END)$|^(?:欢迎|敬请)?关注.{0,12}(?:微信)?公众号[^，。]{0,6}$|^更多精彩.{0,10}请关注[^，。]{0,12}$"),
     "QR prompt"),
    # a web page's promotion, a link that ends in arrows (`……100%中奖>>`)
    (re.compile(r"(?:>>|＞＞|》》)\s*$"), "web promotion"),
    # a web page's chrome: where the page sits, its controls, counts and rights
    (re.compile(rf"^(?:当前位置\s*{COLON}\s*)?首页\s*(?:>|＞|»|/)|^[^\s>]{{2,8}}\s*(?:>>|＞＞|»)\s*[^\s>]{{2,8}}\s*(?:>>|＞＞|»)"
                rf"|^[【\[]?\s*字[号体]\s*{COLON}\s*大\s*中\s*小\s*[】\]]?$|^[大中小]字号$"
                rf"|^(?:[【\[]?(?:打印本页|关闭窗口|打印|关闭|收藏本页|返回顶部)[】\]]?\s*){{1,3}}$"
                rf"|^(?:上一篇|下一篇)\s*{COLON}|^(?:浏览次数|阅读量|阅读数|点击数|浏览量)\s*{COLON}?\s*[\d.]+万?\s*$"
                rf"|版权所有|Copyright|©"
                # a web page's buttons and prompts, each alone on its line
                rf"|^(?:我要评论|发表评论|网友评论|打开APP阅读全文|阅读原文|展开全文|点赞|收藏|转发|分享"
                rf"|视频加载中\S*|加载中\S*)$"), "web chrome"),
    # (a sentence that opens with a date and a time, `2026年3月5日14:00，会议召开。`, is body)
    (re.compile(rf"^原标题\s*{COLON}|^(?:本文)?来源\s*{COLON}\s*\S{{2,20}}$|^(?!.*[。！？])(?:{_DATE_FULL})\s*\d{{1,2}}:\d{{2}}"
                # (the source and the time a web copy was posted: `来源：某某日报 2026-03-05 08:30`)
                rf"|^(?:本文)?来源\s*{COLON}\s*[^\s|｜]{{2,20}}\s*[|｜]?\s*(?:{_DATE_FULL})\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?$"
                rf"|^分享到\s*{COLON}?$|^[【\[]纠错[】\]]$|^声明\s*{COLON}"
                rf"|^(?:发布时间|发布于|更新时间|时间)\s*{COLON}?\s*(?:{_DATE_FULL})\s*\d{{1,2}}:\d{{2}}"
                rf"|^(?!.*[。！？])\d{{4}}-\d{{2}}-\d{{2}}[T ]\d{{2}}:\d{{2}}"), "web meta line"),
    (re.compile(r"^\|.*\|$"), "poster table"),
    # what a web copy leaves where its page had a picture or a chart
    (re.compile(r"^(?:行情图|组图|大图|点击(?:查看)?大图|查看原图)$"), "picture placeholder"),
    # a web page's list of other stories after the story: its heading
    (RELATED_HEAD := re.compile(rf"^(?:相关阅读|推荐阅读|延伸阅读|相关新闻|相关链接|热门推荐|热点推荐|精彩推荐"
                                rf"|猜你喜欢|更多精彩|热门文章|为你推荐|你可能还喜欢|[^，。\s]{{0,6}}都在看)\s*{COLON}?$"),
     "related list head"),
    (re.compile(rf"^{LP}?\s*(?:相关报道见|详见)第?[^（()）]{{1,8}}版\s*{RP}?$"), "cross-reference"),
]
SEPARATOR = re.compile(r"^(?:-{3,}|_{3,}|\*(?:\s*\*){2,}|={3,}|—{3,}|～{3,}|~{3,}|·{3,}|[*＊]{3,})$")

# --- display lines ------------------------------------------------------------------
LABEL = re.compile(r"^[^\s|｜·・]{1,8}\s*[|｜·・]\s*[^\s|｜·・]{1,8}$")
# a column's name set on its own line, by the genre word it ends in (`某某快评`, `某某手记`)
BARE_LABEL = re.compile(r"^[^\s，,。！？、：:“”（）()]{0,6}(?:快评|短评|时评|热评|锐评|述评|论坛"
                        r"|手记|随笔|札记)$")
PERSON_KICKER = re.compile(rf"^.{{0,24}}?(?P<name>{NAME_STRICT}?)(?P<role>代表|委员|常委)\s*——$")
GROUP_KICKER = re.compile(rf"^[^，,。]{{2,20}}(?:代表团|委员会|界别|小组)\s*——$")
LEAD_IN = re.compile(r"(?:强调|指出|表示|说|认为|要求|提出|介绍|透露|坦言|建议|看来|写道|问|答)\s*[：:]?\s*——$")
# `某某在某地调研时强调`: a kicker that frames the headline as what was said
# `某某笑着说：“……！”`: someone's whole sentence quoted, its stop inside the quotes; a
# headline quoting someone drops the stop or gives the speaker alone (`某某：“……”`)
QUOTED_SENTENCE = re.compile(r"^[^“”：:，,。]{4,16}[：:]\s*“[^“”]*[。！？!?]”$")
SPEECH_KICKER = re.compile(r"^[^，,。！？；：:“”]{2,28}(?:强调|指出|表示|要求|寄语|致信|致辞|讲话|宣布|回信|批示|指示)$")
DASH_END = re.compile(r"^(?![—–])[^。！？]{2,30}——$")
# A dash line with no comma: what the text after a column break must not be to carry on
# the cut paragraph (a kicker); one with a comma there is the sentence going on
# (`…痛点，学校打出一套改革“组合拳”——`)
CLAUSE_FREE_DASH_END = re.compile(r"^(?![—–])[^。！？，,]{2,30}——$")
# a head line that prints the name of its part (an e-paper's text: `引题：…`, `【副题】…`)
_HEAD_FIELDS = r"(?P<field>引题|肩题|眉题|主题|正题|主标题|标题|副题|副标题)"
# (`主题：`, `标题：` plain open other lines too, an event's theme: only in brackets)
HEAD_FIELD = re.compile(rf"^(?:[【\[]\s*{_HEAD_FIELDS}\s*[】\]]\s*[:：]?"
                        r"|(?P<field2>引题|肩题|眉题|正题|主标题|副题|副标题)\s*[:：])\s*(?=\S)")
_HEAD_FIELD_ROLE = {"引题": "kicker", "肩题": "kicker", "眉题": "kicker", "主题": "headline",
                    "正题": "headline", "主标题": "headline", "标题": "headline", "副题": "subtitle",
                    "副标题": "subtitle"}


def head_field(folded: str) -> tuple[int, str] | None:
    """(where its label ends, the role it names) of a head line that prints its part's
    name (`引题：…`); None for any other line, and for one longer than a head."""
    m = HEAD_FIELD.match(folded) if len(folded) <= 80 else None
    return (m.end(), _HEAD_FIELD_ROLE[m["field"] or m["field2"]]) if m else None
# a wire copy's headline given after its dateline: `新华社北京3月5日电　题：…`
WIRE_TITLE = re.compile(r"\s*题\s*[:：]\s*(?P<title>[^。；]{2,60})$")
PAREN_LABEL = re.compile(rf"^{LP}[^（()）]{{2,12}}{RP}$|^【[^】]{{2,12}}】$")
# the adverbial a sentence of a report opens with: `目前，` `近年来，` `“十四五”期间，`
# (no headline opens so)
SENTENCE_OPENING = re.compile(r"^(?:目前|当前|近年来|近期|今年以来|去年以来|此外|同时|与此同时|截至[^，,]{1,12}"
                              r"|[^，,。]{1,10}?(?:期间|以来|以后|之后|年底|年初|月底))[，,]")
# what a paragraph opens with that points back at the text before it: a pronoun or a
# linking word (no story's first paragraph opens so), or a speaker named without
# introduction (`某某介绍，`), who is then one the text before has introduced
ANAPHOR = re.compile(r"^(?:他|她|他们|她们|此外|另外|与此同时|对此|为此|随后|其中|然而|不过|因此)[，,]?")
SPEAKER_OPENING = re.compile(rf"^(?P<who>[{CJK}]{{2,4}}?)(?:介绍|表示|坦言|指出|透露|告诉记者|说)[，,：:]")
# 英山药材出山记（新春走基层）: a column's name, in words (a name in Latin letters or an
# acronym in parentheses, `（APEC）`, ends a sentence, not a headline)
HEAD_LABEL = re.compile(rf".{{2}}{LP}(?=[^（()）]*[{CJK}]{{2}})[^（()）]{{2,24}}{RP}$")
SUBTITLE = re.compile(r"^\s*[—–]{1,2}\s*\S")
# `——王芳委员（某某省妇联主席）`: a deputy's statement signed at its foot (body text)
SIGNATURE = re.compile(rf"^[—–]{{1,2}}\s*{NAME_STRICT}?[{CJK}]{{0,4}}(?:代表|委员|常委){LP}[^（()）]{{2,60}}{RP}$")
# a box inside a story, after its credit: part of the story, not a story of its own
SIDEBAR = re.compile(r"^[（(【]?(?:记者手记|采访手记|记者观察|相关链接|延伸阅读|背景链接|链接)[）)】]?$")
# the post a speaker or deputy is introduced by (…书记, …院长, …董事长)
JOB_TITLE = re.compile(r"(?:书记|主任|院长|校长|所长|局长|厅长|部长|市长|县长|区长|省长|州长|旗长|盟长|镇长|乡长"
                       r"|董事长|总经理|经理|总裁|主席|会长|社长|馆长|站长|队长|厂长|教授|研究员|工程师|院士"
                       r"|医生|医师|教师|律师|负责人|创始人|理事长|秘书长|总监|专家|主委)$")
ROLE_WORDS = re.compile(r"全国人大代表|全国政协委员|全国政协常委|人大代表|政协委员")


def fold(text: str) -> str:
    """Half-width punctuation read as full width, for matching only; a colon or comma
    between digits (`17:54`, `1,000`) stays as it is."""
    if _ANY_HALF.search(text) is None:
        # (most texts have no half-width mark: one scan for any, ~10x faster than the
        # substitution's; fold runs ~500 times a page)
        return text
    return _HALF.sub(lambda m: _FULL[m.group(0)], text)


_FULL = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_HALF = re.compile(r"[();!?]|(?<!\d)[,:]|[,:](?!\d)")
_ANY_HALF = re.compile(r"[();!?,:]")
