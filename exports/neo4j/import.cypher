// Load this folder into a running Neo4j 5: copy the CSV files into the server's
// import directory, then run this file, e.g.  cypher-shell -f import.cypher
// Re-running it is harmless: nodes and relationships are MERGEd on their ids.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;

LOAD CSV WITH HEADERS FROM 'file:///nodes_Organization.csv' AS row
MERGE (n:Entity {id: row.`id:ID(Entity)`})
SET n:Organization, n.name = row.name,
    n.altNames = split(row.`altNames:string[]`, ';'),
    n.documents = split(row.`documents:string[]`, ';');

LOAD CSV WITH HEADERS FROM 'file:///nodes_PartyOrganization.csv' AS row
MERGE (n:Entity {id: row.`id:ID(Entity)`})
SET n:PartyOrganization, n.name = row.name,
    n.altNames = split(row.`altNames:string[]`, ';'),
    n.documents = split(row.`documents:string[]`, ';');

LOAD CSV WITH HEADERS FROM 'file:///nodes_Brand.csv' AS row
MERGE (n:Entity {id: row.`id:ID(Entity)`})
SET n:Brand, n.name = row.name,
    n.altNames = split(row.`altNames:string[]`, ';'),
    n.documents = split(row.`documents:string[]`, ';');

LOAD CSV WITH HEADERS FROM 'file:///nodes_Method.csv' AS row
MERGE (n:Entity {id: row.`id:ID(Entity)`})
SET n:Method, n.name = row.name,
    n.altNames = split(row.`altNames:string[]`, ';'),
    n.documents = split(row.`documents:string[]`, ';');

LOAD CSV WITH HEADERS FROM 'file:///nodes_Honour.csv' AS row
MERGE (n:Entity {id: row.`id:ID(Entity)`})
SET n:Honour, n.name = row.name,
    n.altNames = split(row.`altNames:string[]`, ';'),
    n.documents = split(row.`documents:string[]`, ';');

LOAD CSV WITH HEADERS FROM 'file:///rels_hasUnit.csv' AS row
MATCH (a:Entity {id: row.`:START_ID(Entity)`})
MATCH (b:Entity {id: row.`:END_ID(Entity)`})
MERGE (a)-[r:hasUnit]->(b)
SET r.evidence = row.evidence, r.source = row.source, r.rule = row.rule;

LOAD CSV WITH HEADERS FROM 'file:///rels_hasBranch.csv' AS row
MATCH (a:Entity {id: row.`:START_ID(Entity)`})
MATCH (b:Entity {id: row.`:END_ID(Entity)`})
MERGE (a)-[r:hasBranch]->(b)
SET r.evidence = row.evidence, r.source = row.source, r.rule = row.rule;

LOAD CSV WITH HEADERS FROM 'file:///rels_hasBrand.csv' AS row
MATCH (a:Entity {id: row.`:START_ID(Entity)`})
MATCH (b:Entity {id: row.`:END_ID(Entity)`})
MERGE (a)-[r:hasBrand]->(b)
SET r.evidence = row.evidence, r.source = row.source, r.rule = row.rule;

LOAD CSV WITH HEADERS FROM 'file:///rels_usesMethod.csv' AS row
MATCH (a:Entity {id: row.`:START_ID(Entity)`})
MATCH (b:Entity {id: row.`:END_ID(Entity)`})
MERGE (a)-[r:usesMethod]->(b)
SET r.evidence = row.evidence, r.source = row.source, r.rule = row.rule;

LOAD CSV WITH HEADERS FROM 'file:///rels_achievesHonour.csv' AS row
MATCH (a:Entity {id: row.`:START_ID(Entity)`})
MATCH (b:Entity {id: row.`:END_ID(Entity)`})
MERGE (a)-[r:achievesHonour]->(b)
SET r.evidence = row.evidence, r.source = row.source, r.rule = row.rule;
