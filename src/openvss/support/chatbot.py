"""The chatbot ("trợ lý ảo"): BM25 retrieval over word-segmented Vietnamese.

Documents are the published FAQ entries and the sections of published news (the user guide
is one of them). Each is segmented into words with underthesea ("mật khẩu", "bảo hiểm") and
every word is folded ("mat_khau"); its syllables are indexed too. A question typed with
diacritics is segmented the same way; one typed without (underthesea cannot segment it) is
segmented greedily against the index's own vocabulary of folded words. bm25s scores them.

The best document answers only when it covers enough of the question's weight (IDF mass of
its known and unknown words); otherwise the bot says it does not know and offers a feedback
case (``handoff``). Scores and ties are resolved in a fixed order: the same data and the same
question give the same answer.
"""

import html
import re
import threading
from dataclasses import dataclass, field

from openvss.domain.text import fold, nfc

# Question words and particles: they carry no topic, and would let any question match any
# entry. Folded.
STOPWORDS = frozenset(
    [
        "toi",
        "minh",
        "em",
        "anh",
        "chi",
        "ban",
        "nguoi",
        "thi",
        "la",
        "co",
        "khong",
        "duoc",
        "cua",
        "va",
        "hay",
        "hoac",
        "voi",
        "cho",
        "de",
        "nhu",
        "the",
        "nao",
        "lam",
        "sao",
        "gi",
        "nao",
        "o",
        "tai",
        "khi",
        "neu",
        "thi",
        "phai",
        "can",
        "muon",
        "bi",
        "da",
        "dang",
        "se",
        "roi",
        "nhe",
        "a",
        "ah",
        "vay",
        "the",
        "nay",
        "do",
        "nhung",
        "cac",
        "mot",
        "nay",
        "kia",
        "ay",
        "duoc_khong",
        "co_duoc",
        "lam_sao",
        "the_nao",
        "nhu_the_nao",
        "bao_nhieu",
        "vi",
        "sao",
        "tai_sao",
        "vi_sao",
        "o_dau",
        "dau",
        "ra",
        "vao",
        "len",
        "xuong",
        "di",
        "den",
        "tu",
        "trong",
        "ngoai",
        "ve",
    ]
)
MAX_QUESTION = 500
MAX_COMPOUND = 4  # syllables in the longest folded word matched for an unaccented question
# The share of the question's IDF mass that a document must cover, and its least BM25 score,
# to answer. News sections are long and wide-ranging, so they must cover more: a question
# about the weather must not be answered from a guide that mentions "Hà Nội" and "ngày".
MIN_COVERAGE = {"faq": 0.45, "news": 0.8}
MIN_SCORE = {"faq": 2.0, "news": 3.0}
# A curated FAQ answer is preferred to a news section scoring at least this share of it.
FAQ_PREFERENCE = 0.75
_WORD = re.compile(r"[0-9a-zà-ỹđ]+", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Document:
    kind: str  # "faq" or "news"
    key: str  # the FAQ entry's key, or the article's slug
    title: str
    url: str
    text: str
    answer: str = ""  # what the bot says when this document wins (the FAQ's answer)


@dataclass
class Reply:
    answer: str
    sources: list[dict] = field(default_factory=list)
    handoff: bool = False
    matched: str = ""  # the key of the document that answered ("" on a handoff)
    coverage: float = 0.0
    score: float = 0.0


def _syllables(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text))]


def _segment_accented(text: str) -> list[str]:
    from underthesea import word_tokenize  # loaded lazily: a few seconds, once per process

    words = []
    for word in word_tokenize(nfc(text)):
        folded = "_".join(_WORD.findall(fold(word)))
        if folded:
            words.append(folded)
    return words


def _segment_folded(syllables: list[str], vocabulary: set[str]) -> list[str]:
    """Greedy longest match of syllable runs against the index's words (and the question
    words, so that "bao nhieu" is one stop word, not "bảo" and "nhiều")."""
    words, i = [], 0
    while i < len(syllables):
        for size in range(min(MAX_COMPOUND, len(syllables) - i), 0, -1):
            candidate = "_".join(syllables[i : i + size])
            if size == 1 or candidate in vocabulary or candidate in STOPWORDS:
                words.append(candidate)
                i += size
                break
    return words


def _has_diacritics(text: str) -> bool:
    return fold(text) != text.casefold().strip() and any(ord(ch) > 127 for ch in text)


def _terms(words: list[str]) -> list[str]:
    """The index terms of segmented words: each word, and the syllables of compound words."""
    terms = []
    for word in words:
        if word in STOPWORDS:
            continue
        terms.append(word)
        if "_" in word:
            terms.extend(s for s in word.split("_") if s not in STOPWORDS)
    return terms


class Index:
    """A BM25 index over documents; built once per data version and kept in the process."""

    def __init__(self, documents: list[Document]):
        import bm25s

        self.documents = documents
        segmented = [_terms(_segment_accented(f"{d.title}. {d.text}")) for d in documents]
        self.vocabulary = {term for terms in segmented for term in terms if "_" in term}
        self.retriever = bm25s.BM25(k1=1.2, b=0.75)
        self.retriever.index(segmented or [["_"]], show_progress=False)
        vocab = self.retriever.vocab_dict
        n = max(1, len(documents))
        frequency: dict[str, int] = {}
        for terms in segmented:
            for term in set(terms):
                frequency[term] = frequency.get(term, 0) + 1
        from math import log

        self.idf = {term: log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}
        self.max_idf = log(1 + (n + 0.5) / 0.5)
        self.terms_of = [set(t) for t in segmented]
        self._vocab = vocab

    def query_terms(self, question: str) -> list[str]:
        if _has_diacritics(question):
            words = _segment_accented(question)
        else:
            words = _segment_folded(_syllables(question), self.vocabulary)
        return _terms(words)

    def search(self, question: str) -> tuple[int | None, float, float]:
        """The answering document's position (``None`` to hand off), its BM25 score and its
        coverage of the question."""
        terms = self.query_terms(question)
        known = [t for t in terms if t in self._vocab]
        if not self.documents or not known:
            return None, 0.0, 0.0
        scores = self.retriever.get_scores(known)
        ranked = sorted(range(len(self.documents)), key=lambda i: (-round(float(scores[i]), 9), i))
        unique = list(dict.fromkeys(terms))
        mass = sum(self.idf.get(t, self.max_idf) for t in unique) or 1.0

        def coverage(i: int) -> float:
            return sum(self.idf[t] for t in unique if t in self.terms_of[i]) / mass

        def passes(i: int) -> bool:
            kind = self.documents[i].kind
            return float(scores[i]) >= MIN_SCORE[kind] and coverage(i) >= MIN_COVERAGE[kind]

        best = ranked[0]
        if self.documents[best].kind != "faq":
            faq = next((i for i in ranked if self.documents[i].kind == "faq"), None)
            if faq is not None and scores[faq] >= FAQ_PREFERENCE * scores[best] and passes(faq):
                best = faq
        if not passes(best):
            return None, float(scores[best]), coverage(best)
        return best, float(scores[best]), coverage(best)


_lock = threading.Lock()
_cache: dict[str, Index] = {}


def index_for(version: str, load) -> Index:
    """The index for this data version, building it (once) when the data changed."""
    with _lock:
        index = _cache.get(version)
        if index is None:
            _cache.clear()
            index = _cache[version] = Index(load())
        return index


def html_to_text(body: str) -> str:
    text = _TAGS.sub(" ", re.sub(r"</(p|li|h[1-6]|div)>", "\n", body))
    return nfc(html.unescape(text))


def article_sections(body_html: str) -> list[tuple[str, str]]:
    """An article cut at its headings: (heading, text) pairs, so that an answer cites the
    part of a long guide that holds it."""
    parts = re.split(r"<h[23][^>]*>(.*?)</h[23]>", body_html, flags=re.S)
    sections = []
    intro = html_to_text(parts[0])
    if intro:
        sections.append(("", intro))
    for i in range(1, len(parts) - 1, 2):
        heading, text = html_to_text(parts[i]), html_to_text(parts[i + 1])
        if text:
            sections.append((heading, text))
    return sections


def excerpt(text: str, limit: int = 600) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"
