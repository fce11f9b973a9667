"""Amounts, percentages and counts read out of normalised report text, with the label before each.

A figure is only read when a unit follows it: ``4508.18万元``, ``3.6%``, ``百分之八十五``, ``6方面``,
``11个``, ``30余次``. A bare number is never a quantity, which is what keeps years (``2018年``), dates
(``1-12月``), 科目编码 (``2010101``), 文号 (``〔2021〕5号``), phone and row numbers out: none of them is
followed by a money unit, ``%`` or a count noun from the explicit list below. Chinese numerals are
read by :func:`chinese_number` and only when
they sit outside words and slogans: ``统一``, ``一系列``, ``第一批``, ``“一圈两场三道”`` and ``十九大`` are
not counts.

Values are ``Decimal`` as written in their own unit (``4508.18万元`` → 4508.18, 万元); ``in_unit`` scales
amounts exactly (1亿元 = 10000万元 = 10⁸元). ``decimals`` keeps the precision as written, which the
arithmetic needs (a figure with d decimals stands for ±½·10⁻ᵈ).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from msgspec import Struct

from perfcheck.lazy_pattern import lazy_regex
from perfcheck.model import Document

# Amount units → (currency, power of ten). Longest first in the regex below.
_AMOUNT_UNITS: dict[str, tuple[str, int]] = {
    "万亿元": ("CNY", 12),
    "亿美元": ("USD", 8),
    "万美元": ("USD", 4),
    "千万元": ("CNY", 7),
    "百万元": ("CNY", 6),
    "亿元": ("CNY", 8),
    "万元": ("CNY", 4),
    "千元": ("CNY", 3),
    "美元": ("USD", 0),
    "元": ("CNY", 0),
}
# 元旦, 元素, 元宵 … start words; a figure before them is not money.
_AMOUNT = lazy_regex(r"(?:万亿元|亿美元|万美元|千万元|百万元|亿元|万元|千元|美元|元)(?!旦|素|宵|首|老|件|器|气|帅|月)")

# Count nouns, longest first; each lookahead rules out the word that starts with the noun
# (个月 is a duration, 个百分点 a difference of rates, 项目 a project, 人民 not people counted …).
_COUNT = lazy_regex(
    r"(?:个(?P<measure>方面|部分)"
    r"|批次|人次|家次|户次|方面|部分"
    r"|个(?!月|工作日|小时|百分点|季度|星期|年度|体)"
    r"|项(?!目(?!标))|名(?!单|称|义|字|次|额|牌|列|录)|家(?!长|乡|族|电|具|属)"
    r"|人(?!民|大|均|口|才|事|社|工|身|格|性|文|员)|次(?!性|日|年|月|数|序|要|级|生)"
    r"|大|类(?!别|似|型)|条(?!例|件|款|线|幅|理|约|龙)|户(?!籍|口|外|型|主|均)"
    r"|起(?!来|到|止|始|步|点|草|诉|见|码)|场(?!所|地|景|馆|次|合|面)"
    r"|期(?!间|限|末|初|待|望|刊|货)|批(?!准|复|评|示|次)|轮|处(?!理|置|罚|室|长|于)"
    r"|件|所(?!有|在|属|以|得|长|谓)|座(?!谈|位)|台(?!账|阶|湾|风|面|上|下)"
    r"|套(?!餐)|篇(?!章|幅)|支(?!出|付|持|部|援|行|撑|书|票)|种(?!类|植|子|养)|辆|间(?!隔|距)"
    r")"
)
# A "一" before these is an article or a rank, not a count: 一类单位, 一大批, 一期工程, 一批, 一方面.
_NOT_ONE = {"类", "大", "期", "批", "部分", "方面", "起", "种"}
# 十九大 / 二十大 are party congresses; 大 after a numeral is a count only for small numbers.
_CONGRESS_AFTER = lazy_regex(r"精神|报告|代表|会议|以来|召开|胜利|闭幕|开幕|提出|强调")
_NOT_AFTER_DA = set("批早幅量型中小学会厅楼街道桥队院厦约概于多")

_ARABIC = lazy_regex(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_NO_DIGIT_BEFORE = set("0123456789.,〔[［第_/") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_ALL = _CN_DIGITS + "十百千万亿"
_CN_DIGIT_VALUES = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_RUN = lazy_regex(rf"[{_CN_DIGITS}十][{_CN_ALL}]*(?:点[{_CN_DIGITS}]+)?")
_CN_PERCENT = lazy_regex(rf"百分之(?:(\d+(?:\.\d+)?)|([{_CN_ALL}]+(?:点[{_CN_DIGITS}]+)?))")
# A numeral after these is part of a word or a rank: 统一, 唯一, 第一, 之一, 每一, 初三, 周一, 数十, 几十.
_CN_WORD_BEFORE = set("第统唯划单同专之合逐归不每任另这那哪某初周期高研几数上") | set(_CN_ALL)
_RANGE = lazy_regex(r"[-~～至到](?=\d)")
_APPROX_BEFORE = ("大约", "将近", "接近", "超过", "不少于", "不低于", "不超过", "不足", "约", "近", "逾", "超")
_APPROX_AFTER = ("及以上", "以上", "左右", "以下", "以内", "上下")
_SLOGAN_MAX = 10  # “一圈两场三道”, “五化”, “一对一”: short quoted slogans hold numerals that are names


class Quantity(Struct, frozen=True):
    """A figure with its unit, as written: see the module docstring."""

    value: Decimal
    unit: str
    kind: str  # "amount" | "percent" | "count"
    decimals: int
    text: str
    start: int
    end: int
    approximate: bool = False
    currency: str | None = None

    def in_unit(self, unit: str) -> Decimal:
        """The value expressed in ``unit`` (exact); ValueError across kinds or currencies."""
        if unit == self.unit:
            return self.value
        if self.kind != "amount":
            raise ValueError(f"cannot express {self.text} in {unit}")
        return self.value * unit_scale(self.unit, unit)


def unit_scale(from_unit: str, to_unit: str) -> Decimal:
    """What one ``from_unit`` is in ``to_unit`` (1万元 = 10000元 → 10000); ValueError across currencies."""
    if from_unit == to_unit:
        return Decimal(1)
    if from_unit not in _AMOUNT_UNITS or to_unit not in _AMOUNT_UNITS:
        raise ValueError(f"cannot express {from_unit} in {to_unit}")
    currency, power = _AMOUNT_UNITS[to_unit]
    own_currency, own_power = _AMOUNT_UNITS[from_unit]
    if currency != own_currency:
        raise ValueError(f"cannot express {from_unit} ({own_currency}) in {to_unit} ({currency})")
    return Decimal(1).scaleb(own_power - power)


class Fact(Struct, frozen=True):
    """A quantity found in a document, with its label and the block (and table cell) it sits in."""

    quantity: Quantity
    label: str
    block: int
    cell: tuple[int, int] | None = None


_SMALL_PLACES = {"十": 10, "百": 100, "千": 1000}


def chinese_number(numeral: str) -> Decimal | None:
    """Value of a Chinese numeral (三千五百万, 二十三, 〇, 三点五); None when it is not a number we read.

    Runs of bare digits without a place value (一一, 五零) are refused: they are words or names
    (一一对应, 五零社区), not numbers read digit by digit. Written here rather than with cn2an, which
    costs ~100 ms of import on every run that meets a numeral (nearly every report: 四个社区, 三大板块);
    the tests check this function against cn2an.
    """
    whole, point, fraction = numeral.partition("点")
    if not whole or (point and not fraction) or (whole[0] not in _CN_DIGIT_VALUES and whole[0] != "十"):
        return None  # 万一, 百姓, 三点 are words
    if len(whole) > 1 and not any(ch in "十百千万亿" for ch in whole):
        return None
    value = _chinese_integer(whole)
    if value is None:
        return None
    if not fraction:
        return Decimal(value)
    if any(ch not in _CN_DIGIT_VALUES for ch in fraction):
        return None
    digits = "".join(str(_CN_DIGIT_VALUES[ch]) for ch in fraction)
    return Decimal(f"{value}.{digits}")


def _chinese_integer(whole: str) -> int | None:
    """三千五百万 → 35000000: digits, 十/百/千 within a section of four, 万 and 亿 closing sections."""
    total = section = current = 0
    for ch in whole:
        if ch in _CN_DIGIT_VALUES:
            current = _CN_DIGIT_VALUES[ch]
        elif ch in _SMALL_PLACES:
            section += (current or 1) * _SMALL_PLACES[ch]
            current = 0
        elif ch == "万":
            total += (section + current or 1) * 10_000
            section = current = 0
        elif ch == "亿":
            total = (total + section + current or 1) * 100_000_000
            section = current = 0
        else:
            return None
    return total + section + current


def find_quantities(text: str) -> list[Quantity]:
    """Every amount, percentage and count in ``text`` (normalised), in order of position."""
    found = list(_arabic_quantities(text))
    if "百分之" in text:
        found.extend(_chinese_percents(text))
    if any(ch in _CN_ALL for ch in text):
        taken = [(q.start, q.end) for q in found]
        found.extend(q for q in _chinese_quantities(text) if not any(s < q.end and q.start < e for s, e in taken))
    found.sort(key=lambda q: q.start)
    return found


def _arabic_quantities(text: str) -> Iterator[Quantity]:
    for match in _ARABIC.finditer(text):
        start = match.start()
        if start and text[start - 1] in _NO_DIGIT_BEFORE:
            continue
        number = match.group()
        following = text[match.end() : match.end() + 1]
        if following.isascii() and following.isalpha():
            continue  # glued to letters (51000021R…, 5G): a code, not a figure
        if _in_title(text, start):
            continue
        read = _read_unit(text, match.end(), number, chinese=False)
        if read is None:
            ranged = _RANGE.match(text, match.end())
            if ranged is None:
                continue
            after = _ARABIC.match(text, ranged.end())
            if after is None:
                continue
            partner = _read_unit(text, after.end(), after.group(), chinese=False)
            if partner is None:
                continue
            # "10-30%": the first end of a range takes the unit of the second
            unit, kind, end, inner_approx = partner[0], partner[1], match.end(), False
        else:
            unit, kind, end, inner_approx = read
        yield _make(text, start, end, _parse_arabic(number), unit, kind, _decimals(number), inner_approx)


def _read_unit(text: str, pos: int, number: str, *, chinese: bool) -> tuple[str, str, int, bool] | None:
    """The unit right after a numeral at ``pos``: (unit, kind, end, approximate) or None."""
    if not chinese and text.startswith("%", pos):
        return "%", "percent", pos + 1, False
    approx = text[pos : pos + 1] in ("余", "多")
    at = pos + 1 if approx else pos
    amount = _AMOUNT.match(text, at)
    if amount:
        return amount.group(), "amount", amount.end(), approx
    count = _COUNT.match(text, at)
    if count is None or "." in number:
        return None  # counts are whole numbers
    unit = count.group("measure") or count.group()
    if chinese and not approx and number == "一" and unit in _NOT_ONE:
        return None
    if unit == "大" and not _is_count_da(text, pos, count.end(), number, chinese=chinese):
        return None
    if chinese and unit == "期":
        return None  # 二期, 三期工程: phases of a project, not a count
    if chinese and unit == "类" and not _is_count_lei(text, pos - len(number), count.end()):
        return None
    return unit, "count", count.end(), approx


def _is_count_lei(text: str, start: int, end: int) -> bool:
    """分为三类, 三类： are counts; 二类赛, 三类人员 after a noun are ranks (一类/二类 = first/second class)."""
    if end >= len(text) or text[end] in "，。；：、）":
        return True
    return text[max(0, start - 2) : start].endswith(("分为", "分成", "共", "等", "包括", "有"))


def _is_count_da(text: str, start: int, end: int, number: str, *, chinese: bool) -> bool:
    """4大部门指标, 三大板块 are counts; 十九大, 二十大 (party congresses) and 一大批 are not."""
    if text[end : end + 1] in _NOT_AFTER_DA or _CONGRESS_AFTER.match(text, end):
        return False
    if text[max(0, start - len(number) - 2) : start - len(number)] == "党的":
        return False
    value = chinese_number(number) if chinese else _parse_arabic(number)
    return value is not None and 2 <= value <= 10


def _chinese_quantities(text: str) -> Iterator[Quantity]:
    for match in _CN_RUN.finditer(text):
        start, numeral = match.start(), match.group()
        if start and text[start - 1] in _CN_WORD_BEFORE:
            continue
        read = _read_unit(text, match.end(), numeral, chinese=True)
        if read is None or _in_slogan(text, start) or _in_title(text, start):
            continue
        value = chinese_number(numeral)
        if value is None:
            continue
        unit, kind, end, inner_approx = read
        decimals = len(numeral.partition("点")[2])
        yield _make(text, start, end, value, unit, kind, decimals, inner_approx)


def _chinese_percents(text: str) -> Iterator[Quantity]:
    for match in _CN_PERCENT.finditer(text):
        if match.group(1):
            value: Decimal | None = _parse_arabic(match.group(1))
            decimals = _decimals(match.group(1))
        else:
            value = chinese_number(match.group(2))
            decimals = len(match.group(2).partition("点")[2])
        if value is not None:
            yield _make(text, match.start(), match.end(), value, "%", "percent", decimals, False)


def _make(
    text: str, start: int, end: int, value: Decimal, unit: str, kind: str, decimals: int, inner: bool
) -> Quantity:
    before = text[max(0, start - 3) : start]
    approximate = inner or before.endswith(_APPROX_BEFORE) or text.startswith(_APPROX_AFTER, end)
    currency = _AMOUNT_UNITS[unit][0] if kind == "amount" else None
    return Quantity(value, unit, kind, decimals, text[start:end], start, end, approximate, currency)


def _in_slogan(text: str, pos: int) -> bool:
    # Searched only as far as a slogan can reach, so a long paragraph is not rescanned per figure.
    opening = text.rfind("“", max(0, pos - _SLOGAN_MAX - 1), pos)
    if opening < 0 or text.rfind("”", opening, pos) > opening:
        return False
    closing = text.find("”", pos, opening + _SLOGAN_MAX + 2)
    return closing >= 0 and closing - opening - 1 <= _SLOGAN_MAX


_TITLE_MAX = 200  # 《…》 a document's name is never longer; bounds the search in a long paragraph


def _in_title(text: str, pos: int) -> bool:
    """Inside 《…》: a document's name (《党建十条措施实施方案》), not a count."""
    opening = text.rfind("《", max(0, pos - _TITLE_MAX), pos)
    return opening >= 0 and text.rfind("》", opening, pos) < opening


def _parse_arabic(number: str) -> Decimal:
    return Decimal(number.replace(",", ""))


def _decimals(number: str) -> int:
    return len(number.partition(".")[2])


# ---------------------------------------------------------------------------------------------
# Labels

# "|" and "<>" too: table text and the HTML tables that PDF-to-Markdown converters leave in paragraphs.
_LAST_BOUNDARY = lazy_regex(r"(?r)[，。；：、！？\n|<>]")
_LABEL_REACH = 400
_TRAILING = tuple("约为 达到 共计 合计 总计 累计 为 是 达 约 近 超过 逾 的 有 了 到 至 占".split())  # noqa: SIM905
_LEADING = tuple("其中 包括 以及 另外 同时 此外 分别为 分别 及 和 与 为".split())  # noqa: SIM905
# Words that start with a connective character and are labels themselves.
_KEEP_LEADING = ("和谐", "和平", "与会", "为民")


def label_before(text: str, start: int) -> str:
    """The label of the figure at ``start``: its clause up to the figure, without connectives.

    ``整体支出本年度决算金额为4508.18万元`` → ``整体支出本年度决算金额``;
    ``…项目支出2261.18万元其中社会发展事务支出301.97万元`` → ``社会发展事务支出`` (the clause starts
    after the previous figure and after 其中, because the example report runs them together).
    """
    # Only the last boundary before the figure matters: search backwards from it, and no further than
    # _LABEL_REACH characters, so a paragraph with thousands of figures is not rescanned from its start
    # for each one (issue 12: a 10 MB line, 10,000 其中 items). A label is never that long.
    while True:
        reach = max(0, start - _LABEL_REACH)
        last = _LAST_BOUNDARY.search(text, reach, start)
        clause_start, colon = (last.end(), last.group() == "：") if last is not None else (reach, False)
        if not (colon and not text[clause_start:start].strip()):
            break
        start = clause_start - 1  # "重点工作办结率：100%": the label is the clause before the colon
    segment = text[clause_start:start]
    earlier = find_quantities(segment)
    if earlier:
        segment = segment[earlier[-1].end :]
    if "其中" in segment:
        segment = segment[segment.rindex("其中") + 2 :]
    segment = segment.strip(" -~～（")
    changed = True
    while changed and segment:
        changed = False
        for word in _TRAILING:
            if segment.endswith(word) and len(segment) > len(word):
                segment, changed = segment[: -len(word)], True
                break
        for word in _LEADING:  # a lone connective ("60万元和40万元") leaves no label at all
            if segment.startswith(word) and not segment.startswith(_KEEP_LEADING):
                segment, changed = segment[len(word) :], True
                break
    return segment.strip()


def extract_facts(document: Document) -> tuple[Fact, ...]:
    """Every quantity of every block, labelled; table cells carry their (row, column)."""
    from perfcheck.documents.outline import parse_number_label

    facts: list[Fact] = []
    for block in document.blocks:
        if block.table is not None:
            for cell in block.table.cells():
                for q in find_quantities(cell.norm):
                    facts.append(Fact(q, label_before(cell.norm, q.start), block.index, (cell.row, cell.column)))
            continue
        number = parse_number_label(block.norm) if block.number else None
        skip = len(number.text) if number else 0  # the "1、" of a numbered paragraph is no figure
        for q in find_quantities(block.norm):
            if q.start >= skip:
                facts.append(Fact(q, label_before(block.norm, q.start), block.index))
    return tuple(facts)
