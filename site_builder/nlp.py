"""Chinese text analysis: the only module that imports jieba.

One `Nlp` object per process (per worker), built from the SiteConfig. It owns a private
`jieba.Tokenizer` (never jieba's global one) loaded with the domain dictionary
(data/userdict.txt, every gazetteer place form and every taxonomy term), whose prefix
dictionary cache lives in the site's cache folder.

Each article is segmented ONCE (`tokens`); tags, keywords and places are all computed
from that token list. Keywords use jieba's TF-IDF table directly instead of
`extract_tags`, which would segment the text a second time.

The cutting itself is done by an engine chosen once per Nlp (`ENGINES`): rjieba (the
Rust jieba-rs) loaded with that tokenizer's very dictionary when it is installed and
cuts a probe text as jieba does (~10-20x faster per story); else jieba, the reference
(tests/unit/test_tokens_engine.py, tools/tokeniser_compare.py: identical tokens on the
samples, devset and corpus).
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import heapq
import itertools
import logging
import marshal
import os
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from importlib import machinery, metadata, resources, util
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

import yaml

from .config import YAML_LOADER, SiteConfig
from .models import Article
from .taxonomy import TagScore, Taxonomy, explain_tags, load_taxonomy, score_tags

if TYPE_CHECKING:  # imported when an Nlp is made (load_jieba): see there
    import jieba

# Frequency given to domain words the stock dictionary lacks: high enough that the
# word is kept whole in context (stock frequencies of common words are ~1e3-1e5).
DOMAIN_FREQ = 50000
# Frequency for gazetteer forms the stock dictionary lacks. Lower than DOMAIN_FREQ so a
# short name cannot steal characters from its neighbours (辽宁东部 must stay 辽宁/东部).
PLACE_FREQ = 3000

# jieba's IDF table as last read (load_idf), in the cache folder beside jieba.cache.
IDF_CACHE = "idf.cache"

# Words that carry no topic however rare jieba's IDF table thinks they are: newspaper
# furniture, reporting verbs, time words and bureaucratic fillers.
STOPWORDS = frozenset("""
记者 本报 新华社 内蒙古日报 表示 介绍 指出 认为 提出 强调 说 称 告诉 据悉 据介绍 日电 电
目前 今年 去年 明年 近年来 近日 当前 以来 同时 此外 其中 通过 进一步 不断 持续 加快 加强
推动 推进 实现 提升 提高 促进 围绕 聚焦 着力 积极 更加 全面 重要 重点 主要 相关 有关 以及
已经 正在 作为 成为 这里 这些 那些 一些 一批 一系列 一个 一种 我们 他们 她们 自己 大家
可以 能够 没有 还是 就是 不是 以上 以下 方面 工作 情况 问题 方式 方面 过程 领域 水平 能力
万元 亿元 万吨 同比 增长 达到 其他 各类 各项 多个 之一 之际 期间 今后 未来 如今 此前 随后
这是 也是 都是 还有 不仅 而且 并且 因此 所以 但是 然而 如果 为了 对于 关于 根据 按照 由于
习近平 总书记 党中央 代表 委员 发展 高质量 建设 构建 开展 体系 方案 行动 效率
""".split())

_NUMBERISH = re.compile(r"^[0-9０-９.%％,，:：\-+]+$|^[0-9]+[年月日号个万亿]?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}|>|[-*+]|\d+\.)\s+", re.M)

# A village or town printed after its county/district/banner ("松山区大庙镇小庙子村"):
# such a chain names a place even when the gazetteer cannot know it.
# A place named inside the name of a company or institution (国网浙江慈溪市供电公司,
# 中国科学院南京土壤研究所) says where that body is, not what the story is about.
_BODY_SUFFIX = re.compile(r"(公司|集团|研究所|研究院|大学|学院|医院|银行|有限|股份)$")
BODY_REACH = 6  # tokens after a place in which such a suffix makes it part of a name

_VILLAGE_CHAIN = re.compile(
    r"(?:区|旗|县|市)((?:[\u4e00-\u9fff]{1,4}?(?:镇|乡|苏木))?)([\u4e00-\u9fff]{1,4}?(?:村|嘎查))"
    r"(?=党|村委|支部|书记|主任|的|，|。|、|有|位于|是|村民|\s)")

# Officials quoted with their title right before the name: "商务厅厅长罗青介绍".
_TITLES = ("厅长|副厅长|局长|副局长|主任|副主任|书记|副书记|市长|副市长|旗长|副旗长|盟长|副盟长|"
           "县长|区长|镇长|乡长|部长|副部长|主席|副主席|院长|副院长|所长|校长|会长|秘书长|"
           "董事长|总经理|副总经理|总裁|总工程师|负责人|专家|教授|研究员|经理|站长|处长|科长|队长")
_VERBS = "介绍|说|表示|指出|认为|告诉记者|坦言|强调|谈到|提到|建议|解释|透露|说道"
_COMPOUND_ENDINGS = ("中心", "基地", "港", "港区", "机场", "火车站", "站", "园区", "开发区", "新区",
                     "大学", "学院", "研究院", "研究所", "医院", "海关", "口岸", "市委", "市政府")

_TITLED_NAME = re.compile(rf"(?:{_TITLES})([\u4e00-\u9fff]{{2,3}}?)(?:代表|委员)?(?:{_VERBS})")

# Function characters that end a phrase, not a name: "孙强便说" is 孙强 + 便 + 说.
_NOT_NAME_END = frozenset("便就也还又再才都却则曾对向在将已正仍均亦等时")

# Common Chinese surnames (incl. frequent ones of Mongolian names' transliteration such as
# 敖, 巴, 乌, 其, 那): a candidate name must start with one, which keeps people() conservative
# (and ingest's reading of a bare name glued to a story's first paragraph).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巴乌其那阿图哈额达斯朝吴宝")


@dataclass(frozen=True)
class Analysis:
    """Everything `enrich` derives from one article, including why each tag was given."""

    tags: tuple[TagScore, ...]
    places: tuple[str, ...]
    people: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Gazetteer:
    """Written form -> bare place name, plus the names that are never listed."""

    forms: dict[str, str]
    never: frozenset[str]
    min_mentions: dict[str, int]  # bare name -> mentions needed, where not MIN_MENTIONS

    def place_of(self, token: str) -> str | None:
        """The bare place a token names, or None (also for never-listed names)."""
        bare = self.forms.get(token)
        return None if bare is None or bare in self.never or token in self.never else bare

    def place_in_compound(self, token: str) -> str | None:
        """The place a compound token starts with: 太原卫星发射中心 -> 太原, 大连港 -> 大连.

        Only for a facility/institution ending (`_COMPOUND_ENDINGS`), so that words such
        as 长治久安 or 北京时间 never name a place.
        """
        for end in range(len(token) - 1, 1, -1):
            bare = self.place_of(token[:end])
            if bare and token[end:].endswith(_COMPOUND_ENDINGS):
                return bare
        return None


def _in_body_name(tokens: list[str], index: int) -> bool:
    """Whether tokens[index] (a place) begins the name of a company or institution: a
    body suffix follows within BODY_REACH tokens, all words of two characters or more
    (a name has no punctuation and no 的, 与, 和 ... in it)."""
    for token in tokens[index + 1:index + 1 + BODY_REACH]:
        if len(token) < 2 or not _CJK.search(token):
            return False
        if _BODY_SUFFIX.search(token):
            return True
    return False


def load_gazetteer() -> Gazetteer:
    """Read data/gazetteer.yaml into a form -> bare-name map (see the file's header)."""
    text = resources.files("site_builder.data").joinpath("gazetteer.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=YAML_LOADER)
    forms: dict[str, str] = {}
    min_mentions: dict[str, int] = {}
    for group in data["groups"].values():
        suffixes = group.get("suffixes") or []
        for bare, aliases in (group.get("places") or {}).items():
            for form in [bare, *(aliases or []), *(bare + s for s in suffixes)]:
                # the first group wins: 吉林 the province over 吉林 the city
                forms.setdefault(form, bare)
            if group.get("min_mentions"):
                min_mentions.setdefault(bare, int(group["min_mentions"]))
    return Gazetteer(forms, frozenset(data.get("never") or ()), min_mentions)


def _read_userdict() -> list[tuple[str, int | None, str | None]]:
    """data/userdict.txt as (word, freq, tag); comment lines are skipped."""
    text = resources.files("site_builder.data").joinpath("userdict.txt").read_text("utf-8")
    entries = []
    for line in text.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        entries.append((parts[0], freq, tag))
    return entries


@functools.lru_cache(maxsize=None)
def load_jieba():
    """The jieba package, imported on first use: a build whose pages are all cached
    never needs it, and a page worker imports it itself. Imported without
    pkg_resources, which jieba's _compat merely tries for reading its own data files
    (its fallback opens the same files by path) and whose import alone took ~0.1 s;
    jieba's logger set to warnings (it logs "Building prefix dict..." at DEBUG on
    every start; the CLI owns output)."""
    blocked = "pkg_resources" not in sys.modules
    if blocked:  # (a None entry makes `import pkg_resources` raise ImportError)
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        if blocked and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    logging.getLogger("jieba").setLevel(logging.WARNING)
    return jieba


def load_idf(cache_file: Path | None = None) -> tuple[dict[str, float], float]:
    """jieba's IDF table for keywords and its median, read as jieba.analyse reads it.

    Not through jieba.analyse: importing it builds a global extractor and
    part-of-speech tagger on jieba's own dictionary (~1.5 s per process) that this
    module never uses. `cache_file`: the table as last read, kept there under the
    SHA-256 of jieba's idf.txt (marshal: half the time of parsing the text, which was
    on the path of every page's ingest); made again when it is missing, broken or of
    another idf.txt.
    """
    data = (Path(load_jieba().__file__).parent / "analyse" / "idf.txt").read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    cached = _read_idf(cache_file, digest) if cache_file is not None else None
    if cached is not None:
        return cached
    words = data.decode("utf-8").split()
    idf = dict(zip(words[0::2], map(float, words[1::2])))
    made = idf, sorted(idf.values())[len(idf) // 2]
    if cache_file is not None:
        _write_atomically(cache_file, marshal.dumps((digest, *made)))
    return made


def _read_idf(cache_file: Path, digest: str) -> tuple[dict[str, float], float] | None:
    """The IDF table of `cache_file` if it is that of the idf.txt of `digest`."""
    try:
        kept, idf, median = marshal.loads(cache_file.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if kept != digest or not isinstance(idf, dict) or not isinstance(median, float):
        return None
    return idf, median


def _write_atomically(path: Path, data: bytes) -> None:
    """`data` into `path` through a temporary file (workers may write it at once); a
    cache that cannot be written is only not kept."""
    try:
        handle, temp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _load_prefix_dict(tokenizer: jieba.Tokenizer, cache_file: Path) -> bool:
    """Load jieba's default prefix dictionary from the cache file its initialize()
    writes, as initialize() would (which trusts that file for the default dictionary),
    but from the file's bytes at once: its marshal.load() on the open file reads it
    piece by piece, 0.4 s instead of 0.1 s, on the path of every page's ingest.
    False when the file is not there or not a dictionary (initialize() then makes it)."""
    try:
        freq, total = marshal.loads(cache_file.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return False
    if not isinstance(freq, dict) or not isinstance(total, int):
        return False
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    return True


# ------------------------------------------------------------------ engines

# The segmentation engines, preferred first: the first that is installed and takes the
# dictionary cuts; jieba (the reference) always can.
ENGINES = ("rjieba", "jieba")
# jieba's HMM step (jieba.finalseg.re_skip) splits a run of Latin letters, digits and
# .-_ it could not find in the dictionary ("2026-04-11" -> 2026 / - / 04 / - / 11);
# jieba-rs keeps such a run whole, so its pieces are split again the same way.
_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
# A dictionary entry no text can reach (jieba-rs looks words up only inside runs of
# CJK, Latin letters, digits and +#&._%): its frequency makes the engine's total that
# of jieba, which counts a word given twice (dict.txt, add_word) twice.
_UNREACHABLE = "\ue000\ue000"
# Cut by the engine and by jieba when the engine starts: any difference and jieba cuts.
_PROBE = ("新华社呼和浩特4月9日电 满洲里口岸的中欧班列今年1-11月开行3.5%，"
          "e-mail：news_desk@nmg.cn，热线0471-6635350。阿日哈沙特口岸位于呼伦贝尔市新巴尔虎右旗")


def _jieba_cut(tokenizer: jieba.Tokenizer) -> Callable[[str], list[str]]:
    lcut = tokenizer.lcut
    return lambda text: [t for t in lcut(text, HMM=True) if t.strip()]


# The texts cut by engines of their own words (see _Engines) before the whole dictionary
# is loaded into one (which takes as long as about 60 pages of text cut that way).
TEXT_ENGINES = 32


def _rjieba_engine() -> type:
    """rjieba's Jieba class, from its compiled module alone when that can be found:
    importing the package also builds a default engine of rjieba's own dictionary
    (0.1-0.25 s, on the path of every page's ingest and every worker's start), which
    this module never uses. Registered under its own name, so that a later `import
    rjieba` uses it (a PyO3 module is initialised once a process). ImportError: no
    rjieba."""
    if "rjieba" in sys.modules:  # imported already (or, in tests, made to fail)
        import rjieba
        return rjieba.Jieba
    module = sys.modules.get("rjieba.rjieba") or _rjieba_extension()
    if module is None:
        import rjieba
        return rjieba.Jieba
    return module.Jieba


def _rjieba_extension():
    """The module rjieba.rjieba loaded from its file, without the package's
    __init__; None when it is not found as expected."""
    spec = util.find_spec("rjieba")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for suffix in machinery.EXTENSION_SUFFIXES:
            path = os.path.join(folder, "rjieba" + suffix)
            if os.path.isfile(path):
                loader = machinery.ExtensionFileLoader("rjieba.rjieba", path)
                module = util.module_from_spec(util.spec_from_file_location(
                    "rjieba.rjieba", path, loader=loader))
                sys.modules["rjieba.rjieba"] = module
                loader.exec_module(module)
                return module
    return None


def _engine_of(words: Iterable[tuple[str, int]], total: int):
    """An rjieba engine of `words` (word, count) whose total is `total`: jieba's, which
    counts a word given twice (dict.txt, add_word) twice."""
    engine = _rjieba_engine().empty()
    counted = 0
    for word, count in words:
        engine.add_word(word, count, None)
        counted += count
    if total > counted:
        engine.add_word(_UNREACHABLE, total - counted, None)
    elif total < counted:
        raise ValueError("jieba's total is below the sum of its frequencies")
    return engine


class _Engines:
    """rjieba cutting as one engine of every word of `freq` (a jieba tokenizer's FREQ)
    would. jieba-rs looks up only the words that occur in the text it cuts (its
    DAG's prefixes of each position, and a run of single characters before its HMM
    step) and the total, so an engine of the dictionary's words found in the text
    and the same total cuts it the same; loading the whole dictionary (~350,000
    words) costs about 0.8 s, which a build that ingests one page need not pay. The
    first TEXT_ENGINES texts get such an engine each; then the whole one is made."""

    def __init__(self, freq: dict[str, int], total: int) -> None:
        self.freq, self.total = freq, total
        self.whole = None
        self.texts = 0

    def cut(self, text: str) -> list[str]:
        if self.whole is not None:
            return self.whole.cut(text, True)
        if self.texts >= TEXT_ENGINES:
            self.whole = _engine_of(((w, c) for w, c in self.freq.items() if c), self.total)
            return self.whole.cut(text, True)
        self.texts += 1
        return _engine_of(self.words_in(text), self.total).cut(text, True)

    def words_in(self, text: str) -> list[tuple[str, int]]:
        """(word, count) of every dictionary word in `text` (count > 0): jieba keeps
        every prefix of a word, with count 0 where it is no word, so a walk from each
        position stops at the first fragment that begins no word (jieba's get_DAG)."""
        freq, found = self.freq, {}
        for start in range(len(text)):
            end = start + 1
            fragment = text[start:end]
            while fragment in freq:
                if freq[fragment]:
                    found[fragment] = freq[fragment]
                end += 1
                if end > len(text):
                    break
                fragment = text[start:end]
        return sorted(found.items())


def _rjieba_cut(tokenizer: jieba.Tokenizer) -> Callable[[str], list[str]]:
    """rjieba with every word and frequency of `tokenizer` (jieba's dictionary with the
    domain words added) and its total (see _Engines); cuts as `_jieba_cut(tokenizer)`.
    Words added to `tokenizer` afterwards are not in it. (Copied rather than rjieba's
    own embedded dictionary plus the domain words: jieba-rs subtracts a replaced word's
    old frequency from its total, jieba does not, and the total decides close cuts.)"""
    _rjieba_engine()  # (ImportError: jieba cuts)

    cut = _Engines(dict(tokenizer.FREQ), tokenizer.total).cut
    # each cut's tokens, once per distinct cut (a loop in C over the texts' cuts)
    pieces = _Memo(functools.partial(_pieces, tokenizer.FREQ))

    def tokens(text: str) -> list[str]:
        return list(itertools.chain.from_iterable(map(pieces.__getitem__, cut(text))))

    return tokens


def _pieces(freq: dict[str, int], cut: str) -> tuple[str, ...]:
    """The tokens jieba makes of what rjieba cut (see _HMM_SKIP); none of whitespace."""
    if len(cut) > 1 and not "\u4e00" <= cut[0] <= "\u9fd5" and not freq.get(cut):
        return tuple(x for x in _HMM_SKIP.split(cut) if x.strip())
    return (cut,) if cut.strip() else ()


def make_cut(tokenizer: jieba.Tokenizer, engine: str | None = None
             ) -> tuple[str, Callable[[str], list[str]]]:
    """(engine name with version, cut function) for `tokenizer`'s dictionary: `engine`
    when given, else the first of ENGINES that is installed and cuts `_PROBE` as jieba
    does (a fallback is logged at DEBUG)."""
    reference = _jieba_cut(tokenizer)
    for name in (engine,) if engine else ENGINES:
        if name == "jieba":
            return f"jieba={load_jieba().__version__}", reference
        if name != "rjieba":
            raise ValueError(f"unknown segmentation engine {name!r}; known: {ENGINES}")
        try:
            cut = _rjieba_cut(tokenizer)
            if cut(_PROBE) != reference(_PROBE):
                raise ValueError("cuts the probe text otherwise than jieba")
        except (ImportError, ValueError, TypeError, AttributeError) as exc:
            if engine:
                raise
            logging.getLogger(__name__).debug("rjieba not used (%s): jieba cuts", exc)
            continue
        return f"rjieba={metadata.version('rjieba')}", cut
    raise AssertionError("jieba is the last engine")  # pragma: no cover


class _Memo(dict):
    """word -> judge(word), each word judged once (memo[word] judges a new one); all is
    forgotten when it holds `limit` words (a worker's vocabulary is bounded, an
    archive's words are not)."""

    def __init__(self, judge: Callable[[str], object], limit: int = 1 << 18) -> None:
        super().__init__()
        self.judge, self.limit = judge, limit

    def __missing__(self, word: str):
        if len(self) >= self.limit:
            self.clear()
        verdict = self[word] = self.judge(word)
        return verdict


def _may_be_keyword(never: frozenset[str], freq: dict[str, int], token: str) -> bool:
    """Whether `token` may be a keyword of any article (see Nlp.keywords)."""
    return (Nlp._keyword_candidate(token) and token not in never
            and (len(token) > 2 or freq.get(token, 0) > 0))


def _place_named(gazetteer: Gazetteer, token: str) -> str | None:
    """The bare place `token` names, itself or as a compound's start (see Nlp.places)."""
    return gazetteer.place_of(token) or gazetteer.place_in_compound(token)


class Nlp:
    """Segmentation, tags, keywords, places and people for articles. Build once per process."""

    def __init__(self, config: SiteConfig, taxonomy: Taxonomy | None = None,
                 engine: str | None = None) -> None:
        """`engine`: one of ENGINES, by default the first that can (see make_cut)."""
        self.config = config
        self.taxonomy = taxonomy if taxonomy is not None else load_taxonomy(config)
        self.gazetteer = load_gazetteer()
        self.tokenizer = self._make_tokenizer()
        self.engine, self._cut = make_cut(self.tokenizer, engine)
        self.idf_freq, self.median_idf = load_idf(self.config.path("cache") / IDF_CACHE)
        # What keywords() and places() decide of a word alone, whatever the article, once
        # per word: a story's words are mostly those of the stories before it, and testing
        # each against regexes and the gazetteer (every prefix, for a compound) took ~10%
        # of an ingest.
        self._keyword_words = _Memo(functools.partial(
            _may_be_keyword, self.gazetteer.never, self.tokenizer.FREQ))
        self._places_named = _Memo(functools.partial(_place_named, self.gazetteer))

    # ------------------------------------------------------------------ setup

    def _make_tokenizer(self) -> jieba.Tokenizer:
        cache_dir = self.config.path("cache")
        cache_dir.mkdir(parents=True, exist_ok=True)
        tokenizer = load_jieba().Tokenizer()
        tokenizer.tmp_dir = str(cache_dir)
        tokenizer.cache_file = "jieba.cache"  # relative: joined to tmp_dir by jieba
        if not _load_prefix_dict(tokenizer, cache_dir / tokenizer.cache_file):
            tokenizer.initialize()  # builds the prefix dictionary and writes the file
        for word, freq, tag in _read_userdict():
            tokenizer.add_word(word, freq or DOMAIN_FREQ, tag)
        for form in sorted(self.gazetteer.forms):
            if not tokenizer.FREQ.get(form):
                tokenizer.add_word(form, PLACE_FREQ, "ns")
        for term in sorted(self.taxonomy.terms()):
            if not tokenizer.FREQ.get(term):
                tokenizer.add_word(term, DOMAIN_FREQ)
        return tokenizer

    def fingerprint(self) -> str:
        """Hash of everything that changes this object's output, for ingest cache keys."""
        files = resources.files("site_builder.data")
        parts = [files.joinpath(n).read_bytes() for n in ("userdict.txt", "gazetteer.yaml")]
        parts += [self.taxonomy.fingerprint().encode(), load_jieba().__version__.encode(),
                  self.engine.encode(), _ALGORITHM_VERSION.encode()]
        return hashlib.sha256(b"\0".join(parts)).hexdigest()[:16]

    # ------------------------------------------------------------------ primitives

    def tokens(self, text: str) -> list[str]:
        """The words of `text` (whitespace dropped). Markdown heading/list marks are removed."""
        return self._cut(_MARKUP.sub("", text))

    def keywords(self, tokens: list[str], k: int = 8, people: Iterable[str] = ()) -> list[str]:
        """Top-k TF-IDF words of a token list; ties broken by the word, so deterministic.

        Left out: stopwords, numbers, never-listed places (内蒙古 is on every page), the
        article's people and pieces of their names (钱海军 -> 海军), and two-character
        words the HMM invented (not in the dictionary: mostly fragments such as 子村).
        """
        names = [n for n in people if n]
        may_be = self._keyword_words
        # (in the order of first occurrence, as before)
        counts = {t: count for t, count in Counter(tokens).items() if may_be[t]}
        if names:
            counts = {t: count for t, count in counts.items()
                      if not any(t in name for name in names)}
        if not counts:
            return []
        total = sum(counts.values())
        idf, median = self.idf_freq.get, self.median_idf
        # (the k least (-rounded score, word) pairs: the words are distinct, so the order
        # of a sort by that key, without a key function called for every word)
        ranked = [(-round(count / total * idf(word, median), 9), word)
                  for word, count in counts.items()]
        return [word for _, word in heapq.nsmallest(k, ranked)]

    @staticmethod
    def _keyword_candidate(token: str) -> bool:
        return (len(token) >= 2 and bool(_CJK.search(token)) and token not in STOPWORDS
                and not _NUMBERISH.match(token))

    def places(self, tokens: list[str], text: str, head_tokens: Iterable[str] = (),
               affiliations: Iterable[str] = ()) -> list[str]:
        """Bare names of the places an article is about: headline places, then most mentioned.

        A place is listed when it is
        - in the headline/kicker (`head_tokens`), or
        - mentioned at least MIN_MENTIONS times (the gazetteer may ask more of a group:
          foreign countries are often named only in passing), or
        - the only place named, or named in more than half of the place mentions, or
        - part of an address down to a village ("赤峰市松山区大庙镇小庙子村": the
          village, town and the county/city before them), or
        - the most specific place of the affiliation of the article's single deputy
          (`affiliations`, e.g. 安徽省蚌埠市委书记 -> 蚌埠): a 建言 piece is about one
          person and so about where they come from.
        """
        counts: Counter[str] = Counter()
        for i, bare in enumerate(map(self._places_named.__getitem__, tokens)):
            if bare and not _in_body_name(tokens, i):
                counts[bare] += 1
        head = {p for p in map(self.gazetteer.place_of, head_tokens) if p}
        promoted = head | self._address_places(text, counts)
        affiliations = list(affiliations)
        if len(affiliations) == 1:
            words = self.tokens(affiliations[0])
            named = [(i, p) for i, p in enumerate(map(self.gazetteer.place_of, words)) if p]
            promoted |= {p for i, p in named[-1:] if not _in_body_name(words, i)}
        total = sum(counts.values())
        chosen = {p for p, n in counts.items()
                  if n >= self.gazetteer.min_mentions.get(p, MIN_MENTIONS) or n / total > 0.5}
        chosen |= promoted
        # the headline's places first: they are what the story is about
        return sorted(chosen, key=lambda p: (p not in head, -counts[p], p))

    def _address_places(self, text: str, counts: Counter[str]) -> set[str]:
        """Villages/towns in an address chain, with the places printed right before them.

        Adds the village and town names to `counts` (the gazetteer cannot know them).
        """
        found: set[str] = set()
        for match in _VILLAGE_CHAIN.finditer(text):
            for name in match.groups():
                if name and not self.gazetteer.place_of(name):
                    found.add(name)
                    counts[name] = max(counts[name], text.count(name))
            # the contiguous run of gazetteer names ending where the town/village begins
            before = self.tokens(text[max(0, match.start() - 12):match.start() + 1])
            while before and self.gazetteer.place_of(before[-1]):
                found.add(self.gazetteer.place_of(before.pop()) or "")
        return found - {""}

    def people(self, article: Article) -> list[str]:
        """Proposal persons, then officials quoted with their title before the name.

        Conservative on purpose: a name must follow a title word, precede a reporting verb
        and start with a common surname; a wrong person page is worse than a missing one.
        """
        names: list[str] = []
        for proposal in article.proposals:
            if proposal.person and proposal.person not in names:
                names.append(proposal.person)
        found = Counter(m for m in _TITLED_NAME.findall(article.body)
                        if m[0] in SURNAMES and m[-1] not in _NOT_NAME_END
                        and not self.gazetteer.forms.get(m))
        for name, _ in sorted(found.items(), key=lambda kv: (-kv[1], kv[0])):
            if name not in names:
                names.append(name)
        return names

    # ------------------------------------------------------------------ per article

    def _segment(self, article: Article) -> tuple[list[str], list[str], int]:
        """(head tokens, body tokens, length): the article's one segmentation."""
        head_text = " ".join(x for x in (article.title, article.subtitle, article.kicker) if x)
        head = self.tokens(head_text)
        # a proposal's role (全国人大代表...) is printed on the page: evidence like a kicker
        head += [p.role for p in article.proposals if p.role]
        body = self.tokens(article.body)
        length = len(re.sub(r"\s+", "", article.body)) + len(re.sub(r"\s+", "", head_text))
        return head, body, length

    def analyse(self, article: Article) -> Analysis:
        """Segment the article once and derive tags (with reasons), places, people, keywords."""
        head, body, length = self._segment(article)
        tags = score_tags(body, length, self.taxonomy, title_tokens=head)
        people = tuple(self.people(article))
        return Analysis(tags=tuple(tags),
                        places=tuple(self.places(body, article.body, head, [
                            p.affiliation for p in article.proposals if p.affiliation])),
                        people=people,
                        keywords=tuple(self.keywords(head + body, people=people)))

    def explain(self, article: Article) -> list[TagScore]:
        """Every tag with any evidence for `article`, given or not: for `--debug` output."""
        head, body, length = self._segment(article)
        return explain_tags(body, length, self.taxonomy, title_tokens=head)

    def enrich(self, article: Article) -> Article:
        """`article` with tags, places, people and keywords filled in (all tuples)."""
        result = self.analyse(article)
        return dataclasses.replace(article, tags=tuple(s.slug for s in result.tags),
                                   places=result.places, people=result.people,
                                   keywords=result.keywords)


# Place filter (tuned on the gold of shared/gold and checked on shared/devset).
MIN_MENTIONS = 2
MIN_SHARE = 0.5
# Bump when the analysis changes in a way the data files do not show (cache keys).
_ALGORITHM_VERSION = "2"
