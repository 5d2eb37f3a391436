"""Who says an event happened: the speaker of the attribution that holds its trigger, coded
from the article's mentions (for a text, "a statement from the army", its author)."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from dotterel.actors.coding import code_phrase
from dotterel.attribution import Attribution, source_of
from dotterel.events.context import ArticleContext
from dotterel.mentions import MentionIndex
from dotterel.model import Actor, Source, Speaker
from dotterel.speech import SpeechWords
from dotterel.syntax import verb_subject


def event_source(trigger: Token, ctx: ArticleContext) -> Source | None:
    found = source_of(trigger, ctx.attributions)
    if found is None or _presupposed(trigger, found):
        return None
    return Source(_listed_speaker(found, ctx), found.cue_text, found.direct)


def _infinitive(verb: Token) -> bool:
    """ "a way to push for his release": an infinitive relative tells a purpose, not a fact."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _presupposed(trigger: Token, found: Attribution) -> bool:
    """ "Police said the girls, who were kidnapped on Friday, are free": a relative clause in
    reported speech tells what the reader is taken to know already, in the reporter's voice;
    the speaker vouches for the main clause only. Not in a direct quotation, all of whose
    words are the speaker's, nor an infinitive ("a way to press for talks"), which tells no fact."""
    if found.direct:
        return False
    token = trigger
    while token.head.i != token.i and found.holds(token.idx) and (found.cue is None or token.i != found.cue.i):
        if token.dep_ == "relcl" and not _infinitive(token):
            return True
        token = token.head
    return False


def _listed_speaker(found: Attribution, ctx: ArticleContext) -> Speaker | None:
    """The attribution's speaker as the article's quote list gives it, so that an event and the
    quotation it sits in name one speaker: the list has resolved a described speaker ("the
    envoy said") to the person named before. Coded afresh where the list lacks it."""
    start, end = found.segments[0]
    listed = (q for q in ctx.doc._.quotes or () if (q.start, q.end) == (start, end) and q.cue == found.cue_text)
    quote = next(listed, None)
    return quote.speaker if quote is not None else speaker_of(found.speaker, ctx)


def speaker_of(head: Token | None, ctx: ArticleContext) -> Speaker | None:
    """The coded speaker whose phrase `head` heads; for a text ("a statement"), its author."""
    return phrase_speaker(head, ctx.index, ctx.words)


def phrase_speaker(head: Token | None, index: MentionIndex, words: SpeechWords) -> Speaker | None:
    """`speaker_of` from the article's mentions and the speech words alone: the quotes list
    codes its speakers with it before any event is built."""
    if head is not None and head.lemma_.lower() in words.source_nouns:
        head = _author_of_text(head, words) or head
    speaker = code_speaker(head, index)
    if head is None or speaker is None:
        return speaker
    return _joint_speaker(head, speaker, index)


def _joint_speaker(head: Token, speaker: Speaker, index: MentionIndex) -> Speaker:
    """ "Kenya and Uganda said", "the senators and their aides wrote": who says so is all of
    them, named together; the codes are the first one's."""
    others = [code_speaker(c, index) for c in head.conjuncts if c.i > head.i]
    names = [speaker.name, *(o.name for o in others if o is not None)]
    if len(names) == 1 or None in names:
        return speaker
    return replace(speaker, name=", ".join(names[:-1]) + " and " + names[-1])


# Words that name a text's author: "a statement from the army", "a report by the agency".
AUTHOR_PREPS = ("from", "by", "of")


def _author_of_text(text: Token, words: SpeechWords) -> Token | None:
    """Who speaks in a text: "the army's statement", "a statement from the army", and "in a
    video message, the minister accused ...": the subject of the verb the text frames."""
    for child in text.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in AUTHOR_PREPS:
            author = next((o for o in child.children if o.dep_ == "pobj"), None)
            if author is not None and author.lemma_.lower() not in words.source_nouns:
                return author
    if text.dep_ == "pobj" and text.head.dep_ == "prep" and text.head.head.pos_ in ("VERB", "AUX"):
        return verb_subject(text.head.head, words.source_nouns)
    return None


def code_speaker(head: Token | None, index: MentionIndex) -> Speaker | None:
    """The coded speaker whose phrase `head` heads, from the article's mentions alone."""
    if head is None:
        return None
    actor: Actor = code_phrase(_titled_person(head, index) or head, index)
    return Speaker(_member_of(head, actor, index) or actor.name or actor.text, actor.country, actor.sector)


def _member_of(head: Token, actor: Actor, index: MentionIndex) -> str | None:
    """ "A State Department official said": one person who speaks for a body, coded as the body,
    is named as its member ("US State Department official"), not as the body itself. The
    words are the lexicon's members of a body (dotterel/data/agents.yaml) that are no body."""
    if head.pos_ != "NOUN" or head.tag_ != "NN" or not actor.name or actor.kind == "person":
        return None
    word = head.lemma_.lower()
    if word not in index.members or word in index.bodies or word in actor.name.lower():
        return None
    return f"{actor.name} {head.text}"


def _titled_person(head: Token, index: MentionIndex) -> Token | None:
    """The person a title phrase ends with, when the parser made the title the head: in "Relief
    Coordinator for the Delta Ana Ruiz said" Ruiz speaks, not a coordinator; and the person a
    title is set beside: "the party's envoy to the talks, Ana Ruiz, said"."""
    if head.pos_ != "PROPN":
        # the name may hang on the title's last word: "envoy to the United Nations, Ana Ruiz,"
        beside = [t for t in head.subtree if t.dep_ == "appos" and _names_person(t, index)]
        if beside:
            return beside[-1]
    last = head.right_edge
    mention = index.names.get(last.i)
    here = index.names.get(head.i)
    if mention is None or mention.named.kind != "person" or mention.end - 1 != last.i or last.i <= head.i:
        return None
    return last if here is None or here.named.kind != "person" else None


def _names_person(token: Token, index: MentionIndex) -> bool:
    """A person's name: found as one by the mentions stage, or tagged as one by the parser."""
    mention = index.names.get(token.i)
    return (mention is not None and mention.named.kind == "person") or token.ent_type_ == "PERSON"
