#!/usr/bin/env python3
"""Peer benchmark: pyahocorasick (C extension) with a whole-word check in Python.
Usage: pyahocorasick_peer.py LEXICON.tsv CORPUS.jsonl"""
import ahocorasick

import common


def build(phrases):
    automaton = ahocorasick.Automaton()
    for phrase, ident in phrases:
        automaton.add_word(phrase, (len(phrase), ident))
    automaton.make_automaton()
    return automaton


def find(automaton, text):
    lower = text.lower()
    n = len(lower)
    for end, (length, ident) in automaton.iter(lower):
        start = end - length + 1
        if (start == 0 or not lower[start - 1].isalnum()) and (end + 1 == n or not lower[end + 1].isalnum()):
            yield ident


common.run("pyahocorasick", build, find)
