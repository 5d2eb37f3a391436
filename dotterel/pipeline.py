"""The pipeline: every stage, in the order it runs, for one article or a stream of them.

    read -> clean -> parse -> mentions -> coreference -> actors -> dates -> who says so -> events -> places -> records

From the parse on, each stage is a registered spaCy component (`dotterel.components`), so
`coder.nlp.pipe_names` is this flow and a user can add, replace or disable a stage with
spaCy's own API. `Coder` is the thin wrapper around it: it loads the model, adds our
stages, cleans each article, and turns the finished Docs into records.

The parse runs in `nlp.pipe` batches, in `n_process` worker processes if asked; the stages
after it keep Python objects on the Doc, which cannot travel between processes, so they
run in this process, in pipe order, on each parsed Doc.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.tokens import Doc

from dotterel import components
from dotterel import nlp as nlp_stage
from dotterel.actors.lexicon import ActorLexicon
from dotterel.clean import CleanText, clean
from dotterel.events.codebook import Codebook
from dotterel.events.matching import TriggerFinder
from dotterel.model import Article, CodedArticle
from dotterel.places import PlaceResolver
from dotterel.records import remap_offsets
from dotterel.speech import SpeechWords, load_speech_words


class Coder:
    """Codes articles into PLOVER event records. Create once, use for many articles."""

    def __init__(
        self,
        codebook: list[str | Path] | None = None,
        actors: list[str | Path] | None = None,
        batch_size: int = 32,
        n_process: int = 1,
    ) -> None:
        codebook_files, actor_files = [str(p) for p in codebook or []], [str(p) for p in actors or []]
        self.nlp = nlp_stage.own_pipeline()
        components.add_stages(self.nlp, codebook_files, actor_files)
        # What the stages read (the same objects: read once per process) and finders built
        # from it, for the scorers, tests and benchmarks that run one stage's functions alone.
        self.codebook: Codebook = components.codebook_for(codebook_files)
        self.lexicon: ActorLexicon = components.actor_lexicon(self.nlp, actor_files)
        self.words: SpeechWords = load_speech_words()
        self.finder = TriggerFinder(self.codebook)
        self.places = PlaceResolver()
        self.batch_size = batch_size
        self.n_process = n_process

    def code(
        self,
        text: str,
        published: str | None = None,
        title: str | None = None,
        id: str | None = None,
        url: str | None = None,
        source: str | None = None,
    ) -> CodedArticle:
        """Code one article given as a string."""
        article = Article(
            id=id or Article.make_id(text, title), text=text, title=title, published=published, url=url, source=source
        )
        return next(self.code_articles([article]))

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        """Code a stream of articles, parsing them in batches."""
        for doc in self.docs(articles):
            yield to_record(doc)

    def docs(self, articles: Iterable[Article]) -> Iterator[Doc]:
        """Each article cleaned, parsed and run through every stage: the Docs the records are made from."""
        texts = ((c.text, (a, c)) for a in articles for c in [clean(a.text)])
        parsed = self.nlp.pipe(
            texts, as_tuples=True, batch_size=self.batch_size, n_process=self.n_process, disable=self._after_parse()
        )
        for doc, (article, clean_text) in parsed:
            yield self.run_stages(doc, article, clean_text)

    def run_stages(self, doc: Doc, article: Article, clean_text: CleanText) -> Doc:
        """Every stage after the parse, on the parsed Doc of `article`'s cleaned text."""
        doc._.article, doc._.clean = article, clean_text
        return self.nlp(doc, disable=self._parse())

    def code_doc(self, doc: Doc, article: Article, clean_text: CleanText) -> CodedArticle:
        """Every stage after the parse and the record, for one parsed article."""
        return to_record(self.run_stages(doc, article, clean_text))

    def _parse(self) -> list[str]:
        """The components that parse: those before our first stage (the model's, and any a
        user put among them)."""
        names = list(self.nlp.pipe_names)
        first = next((i for i, name in enumerate(names) if name in components.STAGES), len(names))
        return names[:first]

    def _after_parse(self) -> list[str]:
        parse = self._parse()
        return [name for name in self.nlp.pipe_names if name not in parse]


def to_record(doc: Doc) -> CodedArticle:
    """The record of a Doc the stages ran on, every offset mapped back to the article as read.

    A stage that was disabled leaves its part of the record empty."""
    article = components.article_of(doc)
    coded = CodedArticle(
        article=article,
        events=doc._.events or [],
        places=[place for _, place in doc._.places or []],
        entities=doc._.entities or [],
        quotes=doc._.quotes or [],
        dates=[mention for _, mention in doc._.dates or []],
    )
    if components.published(doc) is None:
        coded.warnings.append("no publication date: relative dates are left unresolved")
    return remap_offsets(coded, components.cleaned(doc), article.text)
