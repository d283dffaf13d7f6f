"""The dangjian-kg ontology (installed as ``kg.ontology``).

``dangjian.ttl`` is the single source of the vocabulary: classes, properties,
their zh/en labels, domains and ranges. Code reads terms from it through
:mod:`kg.vocab` instead of repeating IRIs.
"""
