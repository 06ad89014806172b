#!/usr/bin/env python3
"""Peer benchmark: flashtext (pure Python). Usage: flashtext_peer.py LEXICON.tsv CORPUS.jsonl"""
from flashtext import KeywordProcessor

import common


def build(phrases):
    processor = KeywordProcessor(case_sensitive=False)
    for phrase, ident in phrases:
        processor.add_keyword(phrase, ident)
    return processor


common.run("flashtext", build, lambda processor, text: processor.extract_keywords(text))
