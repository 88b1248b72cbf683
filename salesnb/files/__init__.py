"""Files salesnb writes: where reports go (:mod:`salesnb.files.paths`, never outside the reports root)
and how a file is replaced whole or not at all (:mod:`salesnb.files.atomic`). No domain knowledge."""
