"""dangjian-kg: a rule-based knowledge-graph builder for Chinese documents
about Party-building brands (党建品牌).

The stages are packages named after what they do::

    kg.ingest   files → Document (decoded, cleaned, simplified)
    kg.extract  Document → entities and facts with evidence
    kg.graph    extractions → RDF graph under the ontology
    kg.export   RDF graph → Turtle, HTML, GEXF, GraphML, Neo4j, …

:func:`kg.pipeline.build` runs them all; the ``kg`` command only wraps it.
"""
__version__ = "0.1.0"
