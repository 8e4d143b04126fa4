"""Pages that belong to no single service: the home page, the shared layout's data, errors."""
