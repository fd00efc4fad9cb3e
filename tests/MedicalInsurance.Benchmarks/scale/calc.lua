-- wrk -s calc.lua URL: POSTs one Hebei question with ten years of history (docs/benchmarks.md, "POST /api/v1/calc"),
-- the API key from the environment (MI_API_KEY). The same body goes to /bench/bare (the baseline) and /api/v1/calc;
-- wrk reports any answer other than 2xx as "Non-2xx or 3xx responses".
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = os.getenv("MI_API_KEY")
wrk.body = [[{"province": "hebei", "coverageYear": 2026, "originalCap": 300000, "asOf": "2026-12-31", "history": [{"year": 2017, "scheme": "resident", "paidOn": "2016-11-01"}, {"year": 2018, "scheme": "resident", "paidOn": "2017-11-01"}, {"year": 2019, "scheme": "resident", "paidOn": "2018-11-01"}, {"year": 2020, "scheme": "resident", "paidOn": "2019-11-01"}, {"year": 2021, "scheme": "resident", "paidOn": "2020-11-01"}, {"year": 2022, "scheme": "resident", "paidOn": "2021-11-01"}, {"year": 2023, "scheme": "resident", "paidOn": "2022-11-01"}, {"year": 2024, "scheme": "resident", "paidOn": "2023-11-01"}, {"year": 2025, "scheme": "resident", "paidOn": "2024-11-01"}, {"year": 2026, "scheme": "resident", "paidOn": "2025-11-01"}]}]]

