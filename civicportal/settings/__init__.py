"""Settings: `base` holds everything, `dev`, `test` and `production` adjust it for one use each."""
