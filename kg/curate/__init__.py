"""Curation: what users put into the graph without touching code.

    kg.curate.ids          stable ids of facts and entities (from class, name and relation)
    kg.curate.sheet        the review sheet as a file: .xlsx / .csv, written and read back
    kg.curate.review       a built graph → the rows of its review sheet (kg review)
    kg.curate.corrections  a filled-in sheet → checked decisions
    kg.curate.apply        decisions applied to the merged graph, with provenance
    kg.curate.userlex      the user's lexicons (kg build --lexicon)
    kg.curate.curation     what kg build loads first and applies last
"""
