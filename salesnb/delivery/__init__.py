"""Delivery along the reporting line: who receives which report (:mod:`.audiences`), read from the
warehouse and the reports folder (:mod:`.period`), and each audience's own page (:mod:`.pages`)."""
