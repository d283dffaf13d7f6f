#!/bin/sh
# Load this folder into Neo4j 5 with neo4j-admin (the database must be stopped;
# an existing database of that name is replaced).
#   NEO4J_HOME=/path/to/neo4j sh import.sh [DATABASE]      (default: neo4j)
# Then start Neo4j and run  CREATE CONSTRAINT entity_id IF NOT EXISTS
# FOR (n:Entity) REQUIRE n.id IS UNIQUE  (the first statement of import.cypher).
set -eu
cd "$(dirname "$0")"
"${NEO4J_HOME:+$NEO4J_HOME/bin/}neo4j-admin" database import full \
  --nodes=nodes_Organization.csv \
  --nodes=nodes_PartyOrganization.csv \
  --nodes=nodes_Brand.csv \
  --nodes=nodes_Method.csv \
  --nodes=nodes_Honour.csv \
  --relationships=rels_hasUnit.csv \
  --relationships=rels_hasBranch.csv \
  --relationships=rels_hasBrand.csv \
  --relationships=rels_usesMethod.csv \
  --relationships=rels_achievesHonour.csv \
  --array-delimiter=';' --multiline-fields=true --overwrite-destination "${1:-neo4j}"
