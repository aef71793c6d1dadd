"""Readers: record files and databases, NIBRS, survey microdata, UN-CTS, dataUNODC, population."""
