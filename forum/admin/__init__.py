"""Administration: the admins' pages, one module per topic on the ``admin`` blueprint."""
