"""A deterministic synthetic archive for benchmarks: ``python manage.py generate_archive``.

``words`` holds the pools of names and phrases, ``generator`` plans editions and makes rows,
``writer`` writes them in batches.
"""
