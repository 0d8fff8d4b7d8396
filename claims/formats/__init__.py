"""The knowledge base in the formats its neighbours read (docs/formats.md).

`annotations`: W3C Web Annotations; `aif`: the Argument Interchange Format of
AIFdb and OVA; `jsonld`: schema.org Claim JSON-LD; `sqlite`: a Datasette-ready
SQLite file. Each reads published records only.
"""
