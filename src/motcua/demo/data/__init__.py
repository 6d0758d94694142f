"""Demo data as plain Python: the province and its agencies (``organisation``), people
(``people``), reference data (``reference``) and the procedure catalogue
(``procedures``). Read by ``motcua.demo.loader``; nothing here touches the database."""
