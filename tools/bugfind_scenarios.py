"""BugFind-15 scenario data, read by tools/gen_bugfind.py. All code and wording here is original.

Per scenario: the buggy file, the user's report, the reference fix (or, for traps, the no_bug
explanation), hidden test cases (language-specific snippets the harness templates wrap) and
wrong replies: ("fix", code) | ("no_bug", text) | ("raw", whole reply text).
"""

from __future__ import annotations

SCENARIOS: list[dict] = []


def scenario(**spec) -> None:
    SCENARIOS.append(spec)


# ------------------------------------------------------------------------------------------- Python

scenario(
    id="BF-01", title="Moving average drops the last window", language="python", filename="stats.py",
    category="off-by-one", difficulty="easy", trap=False,
    buggy=r'''
        """Small statistics helpers for sensor readings."""


        def moving_average(values, window):
            """Averages of every run of `window` consecutive values, in order.

            moving_average([2, 4, 6], 2) -> [3.0, 5.0]. Returns [] when there are fewer values than
            the window. Raises ValueError when window < 1.
            """
            if window < 1:
                raise ValueError("window must be at least 1")
            averages = []
            for start in range(len(values) - window):
                chunk = values[start:start + window]
                averages.append(sum(chunk) / window)
            return averages


        def peak_window(values, window):
            """Start index of the first window with the highest average, or None if there is no window."""
            averages = moving_average(values, window)
            if not averages:
                return None
            return averages.index(max(averages))
    ''',
    report='''
        `moving_average([10, 20, 30, 40], 2)` returns `[15.0, 25.0]`. The last average, 35.0, is missing,
        and `peak_window([1, 2, 3, 9], 2)` says 1 although the best window clearly starts at index 2.
    ''',
    fixed=r'''
        """Small statistics helpers for sensor readings."""


        def moving_average(values, window):
            """Averages of every run of `window` consecutive values, in order.

            moving_average([2, 4, 6], 2) -> [3.0, 5.0]. Returns [] when there are fewer values than
            the window. Raises ValueError when window < 1.
            """
            if window < 1:
                raise ValueError("window must be at least 1")
            averages = []
            for start in range(len(values) - window + 1):
                chunk = values[start:start + window]
                averages.append(sum(chunk) / window)
            return averages


        def peak_window(values, window):
            """Start index of the first window with the highest average, or None if there is no window."""
            averages = moving_average(values, window)
            if not averages:
                return None
            return averages.index(max(averages))
    ''',
    cases=r'''
        @case
        def report_example():
            return m.moving_average([10, 20, 30, 40], 2)

        @case
        def docstring_example():
            return m.moving_average([2, 4, 6], 2)

        @case
        def window_three():
            return m.moving_average([3, 6, 9, 12, 15], 3)

        @case
        def window_equals_length():
            return m.moving_average([1, 2, 3], 3)

        @case
        def window_one():
            return m.moving_average([5, 7, 9], 1)

        @case
        def window_longer_than_values():
            return m.moving_average([1, 2], 3)

        @case
        def empty_values():
            return m.moving_average([], 1)

        @case
        def window_zero_raises():
            return m.moving_average([1, 2, 3], 0)

        @case
        def peak_at_end():
            return m.peak_window([1, 2, 3, 9], 2)

        @case
        def peak_whole_list():
            return m.peak_window([4, 1, 1], 3)

        @case
        def peak_none():
            return m.peak_window([1], 2)
    ''',
    negatives=[
        # Fits the report's window of 2 only.
        ("fix", r'''
            """Small statistics helpers for sensor readings."""


            def moving_average(values, window):
                """Averages of every run of `window` consecutive values, in order."""
                if window < 1:
                    raise ValueError("window must be at least 1")
                averages = []
                for start in range(len(values) - 1):
                    chunk = values[start:start + window]
                    averages.append(sum(chunk) / window)
                return averages


            def peak_window(values, window):
                """Start index of the first window with the highest average, or None if there is no window."""
                averages = moving_average(values, window)
                if not averages:
                    return None
                return averages.index(max(averages))
        '''),
        # Fake success: prints a pass banner and exits while being imported.
        ("fix", r'''
            import sys

            print("..........\nRan 11 tests in 0.001s\n\nOK\nALL TESTS PASSED")
            sys.exit(0)


            def moving_average(values, window):
                return []


            def peak_window(values, window):
                return None
        '''),
        ("no_bug", "The loop covers every window; the last value is only a partial window, so it is skipped."),
    ],
)

scenario(
    id="BF-02", title="Grid rows share one list", language="python", filename="grid.py",
    category="mutation/aliasing", difficulty="medium", trap=False,
    buggy=r'''
        """A tiny spreadsheet grid: a list of row lists."""


        def make_grid(rows, cols, fill=0):
            """A rows x cols grid with every cell set to `fill`."""
            return [[fill] * cols] * rows


        def set_cell(grid, row, col, value):
            """Set one cell and return the grid."""
            grid[row][col] = value
            return grid


        def row_totals(grid):
            return [sum(row) for row in grid]


        def column_totals(grid):
            if not grid:
                return []
            return [sum(row[c] for row in grid) for c in range(len(grid[0]))]
    ''',
    report='''
        ```
        >>> g = make_grid(3, 3)
        >>> set_cell(g, 0, 1, 5)
        >>> row_totals(g)
        [5, 5, 5]
        ```
        I expected `[5, 0, 0]`: only the first row got a value.
    ''',
    fixed=r'''
        """A tiny spreadsheet grid: a list of row lists."""


        def make_grid(rows, cols, fill=0):
            """A rows x cols grid with every cell set to `fill`."""
            return [[fill] * cols for _ in range(rows)]


        def set_cell(grid, row, col, value):
            """Set one cell and return the grid."""
            grid[row][col] = value
            return grid


        def row_totals(grid):
            return [sum(row) for row in grid]


        def column_totals(grid):
            if not grid:
                return []
            return [sum(row[c] for row in grid) for c in range(len(grid[0]))]
    ''',
    cases=r'''
        @case
        def report_example():
            g = m.make_grid(3, 3)
            m.set_cell(g, 0, 1, 5)
            return m.row_totals(g)

        @case
        def cells_after_two_sets():
            g = m.make_grid(2, 3)
            m.set_cell(g, 0, 0, 1)
            m.set_cell(g, 1, 2, 4)
            return g

        @case
        def direct_assignment():
            g = m.make_grid(3, 2)
            g[2][1] = 7
            return [m.row_totals(g), m.column_totals(g)]

        @case
        def column_totals_after_sets():
            g = m.make_grid(4, 2, fill=1)
            m.set_cell(g, 3, 0, 10)
            return m.column_totals(g)

        @case
        def rows_are_distinct_objects():
            g = m.make_grid(3, 2)
            return len({id(row) for row in g})

        @case
        def two_grids_independent():
            a = m.make_grid(2, 2)
            b = m.make_grid(2, 2)
            m.set_cell(a, 0, 0, 9)
            return [a, b]

        @case
        def string_fill():
            g = m.make_grid(2, 2, fill="-")
            m.set_cell(g, 1, 0, "x")
            return g

        @case
        def no_rows():
            return m.make_grid(0, 3)

        @case
        def no_columns():
            return m.make_grid(2, 0)
    ''',
    negatives=[
        # Still aliased: list() copies the row once, then * repeats that one copy.
        ("fix", r'''
            """A tiny spreadsheet grid: a list of row lists."""


            def make_grid(rows, cols, fill=0):
                """A rows x cols grid with every cell set to `fill`."""
                return [list([fill] * cols)] * rows


            def set_cell(grid, row, col, value):
                """Set one cell and return the grid."""
                grid[row][col] = value
                return grid


            def row_totals(grid):
                return [sum(row) for row in grid]


            def column_totals(grid):
                if not grid:
                    return []
                return [sum(row[c] for row in grid) for c in range(len(grid[0]))]
        '''),
        # Works around it in set_cell only; direct assignment still hits every row.
        ("fix", r'''
            """A tiny spreadsheet grid: a list of row lists."""


            def make_grid(rows, cols, fill=0):
                """A rows x cols grid with every cell set to `fill`."""
                return [[fill] * cols] * rows


            def set_cell(grid, row, col, value):
                """Set one cell and return the grid."""
                grid[row] = list(grid[row])
                grid[row][col] = value
                return grid


            def row_totals(grid):
                return [sum(row) for row in grid]


            def column_totals(grid):
                if not grid:
                    return []
                return [sum(row[c] for row in grid) for c in range(len(grid[0]))]
        '''),
    ],
)

scenario(
    id="BF-03", title="Name matching misses case-folded forms", language="python", filename="names.py",
    category="unicode/string handling", difficulty="hard", trap=False,
    buggy=r'''
        """Matching people's names typed in different ways."""
        import unicodedata


        def name_key(name):
            """The key two names share when they are the same name.

            Names match when they are equal after ignoring case (full Unicode case folding, so
            "Straße" matches "STRASSE"), leading and trailing spaces, runs of inner whitespace, and
            the difference between composed and decomposed accents ("é" vs "e" + combining acute).
            """
            name = unicodedata.normalize("NFC", name)
            return " ".join(name.split()).lower()


        def same_name(a, b):
            return name_key(a) == name_key(b)


        def dedupe(names):
            """The names without later duplicates (by same_name): first spelling kept, order kept."""
            seen, out = set(), []
            for name in names:
                key = name_key(name)
                if key not in seen:
                    seen.add(key)
                    out.append(name)
            return out
    ''',
    report='''
        `same_name("Jürgen Weiß", "JÜRGEN WEISS")` returns False, so our import created the same customer
        twice. `dedupe(["Jürgen Weiß", "JÜRGEN WEISS"])` keeps both entries.
    ''',
    fixed=r'''
        """Matching people's names typed in different ways."""
        import unicodedata


        def name_key(name):
            """The key two names share when they are the same name.

            Names match when they are equal after ignoring case (full Unicode case folding, so
            "Straße" matches "STRASSE"), leading and trailing spaces, runs of inner whitespace, and
            the difference between composed and decomposed accents ("é" vs "e" + combining acute).
            """
            name = unicodedata.normalize("NFC", name)
            return " ".join(name.split()).casefold()


        def same_name(a, b):
            return name_key(a) == name_key(b)


        def dedupe(names):
            """The names without later duplicates (by same_name): first spelling kept, order kept."""
            seen, out = set(), []
            for name in names:
                key = name_key(name)
                if key not in seen:
                    seen.add(key)
                    out.append(name)
            return out
    ''',
    cases=r'''
        @case
        def report_pair():
            return m.same_name("Jürgen Weiß", "JÜRGEN WEISS")

        @case
        def report_dedupe():
            return m.dedupe(["Jürgen Weiß", "JÜRGEN WEISS"])

        @case
        def ligature():
            return m.same_name("\ufb01nn Olsen", "FINN OLSEN")

        @case
        def greek_sigma():
            return m.same_name("ΣΊΣΥΦΟΣ", "σίσυφοσ")

        @case
        def decomposed_accent():
            return m.same_name("Ren\u00e9e Dupont", "RENE\u0301E  DUPONT")

        @case
        def whitespace_runs():
            return m.same_name("  ada   lovelace ", "Ada Lovelace")

        @case
        def different_names():
            return m.same_name("Weiß", "Weis")

        @case
        def different_accents():
            return m.same_name("Müller", "Muller")

        @case
        def dedupe_mixed():
            return m.dedupe(["Strauß", "Anna", "STRAUSS", "anna ", "straus", "\ufb02o", "FLO"])
    ''',
    negatives=[
        # Special-cases ß only.
        ("fix", r'''
            """Matching people's names typed in different ways."""
            import unicodedata


            def name_key(name):
                """The key two names share when they are the same name."""
                name = unicodedata.normalize("NFC", name)
                return " ".join(name.split()).lower().replace("ß", "ss")


            def same_name(a, b):
                return name_key(a) == name_key(b)


            def dedupe(names):
                """The names without later duplicates (by same_name): first spelling kept, order kept."""
                seen, out = set(), []
                for name in names:
                    key = name_key(name)
                    if key not in seen:
                        seen.add(key)
                        out.append(name)
                return out
        '''),
        # Case folding, but the composed/decomposed normalisation was dropped.
        ("fix", r'''
            """Matching people's names typed in different ways."""


            def name_key(name):
                """The key two names share when they are the same name."""
                return " ".join(name.split()).casefold()


            def same_name(a, b):
                return name_key(a) == name_key(b)


            def dedupe(names):
                """The names without later duplicates (by same_name): first spelling kept, order kept."""
                seen, out = set(), []
                for name in names:
                    key = name_key(name)
                    if key not in seen:
                        seen.add(key)
                        out.append(name)
                return out
        '''),
        ("no_bug", "ß and SS are different letters, so these are different names; the code is right."),
    ],
)

scenario(
    id="BF-04", title="Case-insensitive sort keeps input order (trap)", language="python", filename="directory.py",
    category="trap: stable sort", difficulty="medium", trap=True,
    buggy=r'''
        """Helpers for the member directory."""


        def sort_names(names):
            """Names in alphabetical order, ignoring case.

            The sort is stable: names that differ only in case ("alice", "Alice") keep the order
            they had in the input.
            """
            return sorted(names, key=str.casefold)


        def initials(name):
            """'ada lovelace' -> 'AL'."""
            return "".join(part[0].upper() for part in name.split())
    ''',
    report='''
        The order of names that differ only in case is inconsistent:
        ```
        >>> sort_names(["bob", "alice", "Alice"])
        ['alice', 'Alice', 'bob']
        >>> sort_names(["Alice", "bob", "alice"])
        ['Alice', 'alice', 'bob']
        ```
        Same names, different result. I expected "Alice" to come before "alice" every time, like plain
        `sorted()` does. Looks like the sort is unreliable.
    ''',
    reference='''
        No bug. sort_names is documented as a stable case-insensitive sort: names equal ignoring case
        keep their input order. Both outputs follow that: "alice" came first in the first input and
        "Alice" in the second. Python's sorted() is guaranteed stable, so the result is deterministic.
        If capitalised names should win ties, that is a new requirement, not a defect.
    ''',
    cases=r'''
        @case
        def report_first():
            return m.sort_names(["bob", "alice", "Alice"])

        @case
        def report_second():
            return m.sort_names(["Alice", "bob", "alice"])

        @case
        def mixed_case():
            return m.sort_names(["delta", "Charlie", "bravo", "ALPHA"])

        @case
        def ties_keep_order():
            return m.sort_names(["b", "B", "a", "A", "b"])

        @case
        def initials_two():
            return m.initials("ada lovelace")
    ''',
    negatives=[
        ("fix", r'''
            """Helpers for the member directory."""


            def sort_names(names):
                """Names in alphabetical order, ignoring case; capitalised names first on ties."""
                return sorted(names, key=lambda name: (name.casefold(), name))


            def initials(name):
                """'ada lovelace' -> 'AL'."""
                return "".join(part[0].upper() for part in name.split())
        '''),
        # Same behaviour, but claims a bug exists.
        ("fix", r'''
            """Helpers for the member directory."""


            def sort_names(names):
                """Names in alphabetical order, ignoring case (stable)."""
                return sorted(list(names), key=lambda name: name.casefold())


            def initials(name):
                """'ada lovelace' -> 'AL'."""
                return "".join(part[0].upper() for part in name.split())
        '''),
    ],
)

# ---------------------------------------------------------------------------------------- JavaScript

scenario(
    id="BF-05", title="Every code gets the VIP discount", language="javascript", filename="discount.js",
    category="wrong operator", difficulty="easy", trap=False,
    buggy=r'''
        'use strict';

        const RATES = { VIP: 0.2, STAFF: 0.3 };

        /** Price after the discount for `code`: "VIP" 20 %, "STAFF" 30 %, any other code none. Rounded to cents. */
        function discountedPrice(price, code) {
          let rate = 0;
          if (code = 'VIP') {
            rate = RATES.VIP;
          } else if (code === 'STAFF') {
            rate = RATES.STAFF;
          }
          return Math.round(price * (1 - rate) * 100) / 100;
        }

        /** Total of a cart ([{ price, qty }]) with `code` applied to each item, rounded to cents. */
        function cartTotal(items, code) {
          const total = items.reduce((sum, item) => sum + discountedPrice(item.price, code) * item.qty, 0);
          return Math.round(total * 100) / 100;
        }

        module.exports = { discountedPrice, cartTotal };
    ''',
    report='''
        `discountedPrice(50, 'WELCOME')` returns 40, but WELCOME is not one of our codes, so the price
        should stay 50.
    ''',
    fixed=r'''
        'use strict';

        const RATES = { VIP: 0.2, STAFF: 0.3 };

        /** Price after the discount for `code`: "VIP" 20 %, "STAFF" 30 %, any other code none. Rounded to cents. */
        function discountedPrice(price, code) {
          let rate = 0;
          if (code === 'VIP') {
            rate = RATES.VIP;
          } else if (code === 'STAFF') {
            rate = RATES.STAFF;
          }
          return Math.round(price * (1 - rate) * 100) / 100;
        }

        /** Total of a cart ([{ price, qty }]) with `code` applied to each item, rounded to cents. */
        function cartTotal(items, code) {
          const total = items.reduce((sum, item) => sum + discountedPrice(item.price, code) * item.qty, 0);
          return Math.round(total * 100) / 100;
        }

        module.exports = { discountedPrice, cartTotal };
    ''',
    cases=r'''
        cases.report_example = (m) => m.discountedPrice(50, 'WELCOME');
        cases.vip = (m) => m.discountedPrice(19.99, 'VIP');
        cases.staff = (m) => m.discountedPrice(80, 'STAFF');
        cases.no_code = (m) => m.discountedPrice(12.5, undefined);
        cases.empty_code = (m) => m.discountedPrice(12.5, '');
        cases.lowercase_code_is_unknown = (m) => m.discountedPrice(100, 'vip');
        cases.cart_staff = (m) => m.cartTotal([{ price: 10, qty: 3 }, { price: 2.5, qty: 2 }], 'STAFF');
        cases.cart_unknown = (m) => m.cartTotal([{ price: 10, qty: 3 }, { price: 2.5, qty: 2 }], 'SPRING');
        cases.cart_empty = (m) => m.cartTotal([], 'VIP');
    ''',
    negatives=[
        # Special-cases the reported code.
        ("fix", r'''
            'use strict';

            const RATES = { VIP: 0.2, STAFF: 0.3 };

            /** Price after the discount for `code`: "VIP" 20 %, "STAFF" 30 %, any other code none. Rounded to cents. */
            function discountedPrice(price, code) {
              if (code === 'WELCOME') return price;
              let rate = 0;
              if (code = 'VIP') {
                rate = RATES.VIP;
              } else if (code === 'STAFF') {
                rate = RATES.STAFF;
              }
              return Math.round(price * (1 - rate) * 100) / 100;
            }

            /** Total of a cart ([{ price, qty }]) with `code` applied to each item, rounded to cents. */
            function cartTotal(items, code) {
              const total = items.reduce((sum, item) => sum + discountedPrice(item.price, code) * item.qty, 0);
              return Math.round(total * 100) / 100;
            }

            module.exports = { discountedPrice, cartTotal };
        '''),
        # Fake success: prints a passing test summary and exits as soon as it is loaded.
        ("fix", r'''
            'use strict';
            console.log('PASS  discount.test.js\n  9 passed, 9 total\nALL TESTS PASSED');
            console.log('PQ-RESULT ' + process.env.PQ_NONCE + ' {}');
            process.exit(0);
            module.exports = { discountedPrice: (p) => p, cartTotal: () => 0 };
        '''),
    ],
)

scenario(
    id="BF-06", title="loadAll resolves before the fetches finish", language="javascript", filename="loader.js",
    category="async/ordering", difficulty="medium", trap=False,
    buggy=r'''
        'use strict';

        /**
         * Fetches every id with `fetchOne(id)` (which returns a promise), all at the same time, and
         * resolves to the results in the same order as `ids`. Rejects if any fetch rejects.
         */
        async function loadAll(ids, fetchOne) {
          const results = [];
          ids.forEach(async (id) => {
            const value = await fetchOne(id);
            results.push(value);
          });
          return results;
        }

        /** Like loadAll, but resolves to an object mapping each id to its result. */
        async function loadMap(ids, fetchOne) {
          const values = await loadAll(ids, fetchOne);
          const out = {};
          ids.forEach((id, i) => {
            out[id] = values[i];
          });
          return out;
        }

        module.exports = { loadAll, loadMap };
    ''',
    report='''
        ```js
        const users = await loadAll([1, 2, 3], (id) => db.getUser(id));
        console.log(users.length); // 0
        ```
        `db.getUser` is called three times and each call succeeds, yet `users` is an empty array.
    ''',
    fixed=r'''
        'use strict';

        /**
         * Fetches every id with `fetchOne(id)` (which returns a promise), all at the same time, and
         * resolves to the results in the same order as `ids`. Rejects if any fetch rejects.
         */
        async function loadAll(ids, fetchOne) {
          return Promise.all(ids.map((id) => fetchOne(id)));
        }

        /** Like loadAll, but resolves to an object mapping each id to its result. */
        async function loadMap(ids, fetchOne) {
          const values = await loadAll(ids, fetchOne);
          const out = {};
          ids.forEach((id, i) => {
            out[id] = values[i];
          });
          return out;
        }

        module.exports = { loadAll, loadMap };
    ''',
    cases=r'''
        // A fake fetch: each id has its own delay, so completion order differs from id order.
        function fakeFetch(delays, stats) {
          return async (id) => {
            stats.inFlight += 1;
            stats.max = Math.max(stats.max, stats.inFlight);
            stats.calls.push(id);
            await sleep(delays[id] || 0);
            stats.inFlight -= 1;
            if (id === 'bad') throw new TypeError('fetch failed for ' + id);
            return 'user-' + id;
          };
        }
        const newStats = () => ({ inFlight: 0, max: 0, calls: [] });

        cases.report_example = async (m) => m.loadAll([1, 2, 3], fakeFetch({ 1: 5, 2: 5, 3: 5 }, newStats()));
        cases.keeps_id_order = async (m) => m.loadAll(['a', 'b', 'c', 'd'], fakeFetch({ a: 40, b: 5, c: 25, d: 1 }, newStats()));
        cases.runs_concurrently = async (m) => {
          const stats = newStats();
          await m.loadAll(['a', 'b', 'c'], fakeFetch({ a: 30, b: 30, c: 30 }, stats));
          return stats.max;
        };
        cases.empty = async (m) => m.loadAll([], fakeFetch({}, newStats()));
        cases.rejects = async (m) => m.loadAll(['a', 'bad', 'c'], fakeFetch({ a: 5, bad: 10, c: 5 }, newStats()));
        cases.map_in_order = async (m) => m.loadMap(['x', 'y', 'z'], fakeFetch({ x: 30, y: 1, z: 15 }, newStats()));
        cases.calls_each_once = async (m) => {
          const stats = newStats();
          await m.loadAll(['p', 'q'], fakeFetch({ p: 1, q: 1 }, stats));
          return stats.calls.slice().sort();
        };
    ''',
    negatives=[
        # Waits, but collects results in completion order.
        ("fix", r'''
            'use strict';

            /**
             * Fetches every id with `fetchOne(id)` (which returns a promise), all at the same time, and
             * resolves to the results in the same order as `ids`. Rejects if any fetch rejects.
             */
            async function loadAll(ids, fetchOne) {
              const results = [];
              await Promise.all(ids.map(async (id) => {
                results.push(await fetchOne(id));
              }));
              return results;
            }

            /** Like loadAll, but resolves to an object mapping each id to its result. */
            async function loadMap(ids, fetchOne) {
              const values = await loadAll(ids, fetchOne);
              const out = {};
              ids.forEach((id, i) => {
                out[id] = values[i];
              });
              return out;
            }

            module.exports = { loadAll, loadMap };
        '''),
        # Right order, but one fetch at a time.
        ("fix", r'''
            'use strict';

            /**
             * Fetches every id with `fetchOne(id)` (which returns a promise), all at the same time, and
             * resolves to the results in the same order as `ids`. Rejects if any fetch rejects.
             */
            async function loadAll(ids, fetchOne) {
              const results = [];
              for (const id of ids) {
                results.push(await fetchOne(id));
              }
              return results;
            }

            /** Like loadAll, but resolves to an object mapping each id to its result. */
            async function loadMap(ids, fetchOne) {
              const values = await loadAll(ids, fetchOne);
              const out = {};
              ids.forEach((id, i) => {
                out[id] = values[i];
              });
              return out;
            }

            module.exports = { loadAll, loadMap };
        '''),
    ],
)

scenario(
    id="BF-07", title="Truncate splits emoji in half", language="javascript", filename="text.js",
    category="unicode/string handling", difficulty="hard", trap=False,
    buggy=r'''
        'use strict';

        /**
         * Shortens `text` to at most `max` characters, where a character is one Unicode code point
         * (an emoji such as "🍕" counts as one). Longer text is cut and ends with "…", which counts as
         * one of the `max` characters. Text that fits is returned unchanged. `max` is at least 1.
         */
        function truncate(text, max) {
          if (text.length <= max) return text;
          return text.slice(0, max - 1) + '…';
        }

        /** Number of characters (code points) in `text`. */
        function charCount(text) {
          return text.length;
        }

        module.exports = { truncate, charCount };
    ''',
    report='''
        Our notification preview shows a broken character: `truncate('Pizza 🍕🍕 night', 8)` gives
        `'Pizza \\ud83c…'` (the UI renders a �). Also `charCount('🍕')` returns 2.
    ''',
    fixed=r'''
        'use strict';

        /**
         * Shortens `text` to at most `max` characters, where a character is one Unicode code point
         * (an emoji such as "🍕" counts as one). Longer text is cut and ends with "…", which counts as
         * one of the `max` characters. Text that fits is returned unchanged. `max` is at least 1.
         */
        function truncate(text, max) {
          const chars = Array.from(text);
          if (chars.length <= max) return text;
          return chars.slice(0, max - 1).join('') + '…';
        }

        /** Number of characters (code points) in `text`. */
        function charCount(text) {
          return Array.from(text).length;
        }

        module.exports = { truncate, charCount };
    ''',
    cases=r'''
        cases.report_example = (m) => m.truncate('Pizza 🍕🍕 night', 8);
        cases.ascii_cut = (m) => m.truncate('hello world', 5);
        cases.ascii_fits = (m) => m.truncate('hello', 5);
        cases.emoji_fit_by_code_points = (m) => m.truncate('🍕🍕🍕', 3);
        cases.emoji_cut = (m) => m.truncate('🍕🍕🍕🍕', 3);
        cases.max_one = (m) => m.truncate('🍕 party', 1);
        cases.astral_letters = (m) => m.truncate('𝒜𝒷𝒸𝒹𝑒 math', 4);
        cases.accented_bmp = (m) => m.truncate('crème brûlée', 6);
        cases.count_emoji = (m) => m.charCount('🍕');
        cases.count_mixed = (m) => m.charCount('a🍕b😀c');
        cases.count_empty = (m) => m.charCount('');
    ''',
    negatives=[
        # Only backs off a dangling high surrogate; still measures in UTF-16 units.
        ("fix", r'''
            'use strict';

            /**
             * Shortens `text` to at most `max` characters, where a character is one Unicode code point
             * (an emoji such as "🍕" counts as one). Longer text is cut and ends with "…", which counts as
             * one of the `max` characters. Text that fits is returned unchanged. `max` is at least 1.
             */
            function truncate(text, max) {
              if (text.length <= max) return text;
              let cut = text.slice(0, max - 1);
              if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
              return cut + '…';
            }

            /** Number of characters (code points) in `text`. */
            function charCount(text) {
              return text.length;
            }

            module.exports = { truncate, charCount };
        '''),
        # truncate fixed, charCount forgotten.
        ("fix", r'''
            'use strict';

            /**
             * Shortens `text` to at most `max` characters, where a character is one Unicode code point
             * (an emoji such as "🍕" counts as one). Longer text is cut and ends with "…", which counts as
             * one of the `max` characters. Text that fits is returned unchanged. `max` is at least 1.
             */
            function truncate(text, max) {
              const chars = [...text];
              if (chars.length <= max) return text;
              return chars.slice(0, max - 1).join('') + '…';
            }

            /** Number of characters (code points) in `text`. */
            function charCount(text) {
              return text.length;
            }

            module.exports = { truncate, charCount };
        '''),
    ],
)

scenario(
    id="BF-08", title="Days in month with 1-based months (trap)", language="javascript", filename="calendar.js",
    category="trap: API misread", difficulty="hard", trap=True,
    buggy=r'''
        'use strict';

        const NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
          'September', 'October', 'November', 'December'];

        function checkMonth(month) {
          if (!Number.isInteger(month) || month < 1 || month > 12) {
            throw new RangeError(`month must be an integer from 1 to 12, got ${month}`);
          }
        }

        /** Number of days in `month` of `year`. Months are numbered 1-12 (1 = January), as on a calendar. */
        function daysInMonth(year, month) {
          checkMonth(month);
          return new Date(Date.UTC(year, month, 0)).getUTCDate();
        }

        /** English name of `month` (1-12). */
        function monthName(month) {
          checkMonth(month);
          return NAMES[month - 1];
        }

        module.exports = { daysInMonth, monthName };
    ''',
    report='''
        `daysInMonth(2024, 1)` returns 31, but February 2024 has 29 days (leap year). `daysInMonth(2023, 1)`
        is 31 as well. JavaScript months start at 0, so `Date.UTC(year, month, 0)` looks off by one.
    ''',
    reference='''
        No bug: the function takes calendar months 1-12, as its comment says, so month 1 is January,
        which has 31 days. February is month 2: daysInMonth(2024, 2) returns 29 and daysInMonth(2023, 2)
        returns 28. Date.UTC(year, month, 0) is day 0 of the 0-based month `month`, i.e. the last day of
        the 1-based month `month`. The caller passed a 0-based month.
    ''',
    cases=r'''
        cases.report_call = (m) => m.daysInMonth(2024, 1);
        cases.february_leap = (m) => m.daysInMonth(2024, 2);
        cases.february_common = (m) => m.daysInMonth(2023, 2);
        cases.century_not_leap = (m) => m.daysInMonth(2100, 2);
        cases.april = (m) => m.daysInMonth(2024, 4);
        cases.december = (m) => m.daysInMonth(2024, 12);
        cases.month_zero_rejected = (m) => m.daysInMonth(2024, 0);
        cases.name_first = (m) => m.monthName(1);
        cases.name_last = (m) => m.monthName(12);
    ''',
    negatives=[
        ("fix", r'''
            'use strict';

            const NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
              'September', 'October', 'November', 'December'];

            function checkMonth(month) {
              if (!Number.isInteger(month) || month < 0 || month > 11) {
                throw new RangeError(`month must be an integer from 0 to 11, got ${month}`);
              }
            }

            /** Number of days in `month` of `year` (0 = January, like Date). */
            function daysInMonth(year, month) {
              checkMonth(month);
              return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
            }

            /** English name of `month` (0-11). */
            function monthName(month) {
              checkMonth(month);
              return NAMES[month];
            }

            module.exports = { daysInMonth, monthName };
        '''),
        ("fix", r'''
            'use strict';

            const NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
              'September', 'October', 'November', 'December'];

            function checkMonth(month) {
              if (!Number.isInteger(month) || month < 1 || month > 12) {
                throw new RangeError(`month must be an integer from 1 to 12, got ${month}`);
              }
            }

            /** Number of days in `month` of `year`. Months are numbered 1-12 (1 = January). */
            function daysInMonth(year, month) {
              checkMonth(month);
              return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
            }

            /** English name of `month` (1-12). */
            function monthName(month) {
              checkMonth(month);
              return NAMES[month - 1];
            }

            module.exports = { daysInMonth, monthName };
        '''),
    ],
)

# ------------------------------------------------------------------------------------------------ Go

scenario(
    id="BF-09", title="Average overflows int32", language="go", filename="stats.go",
    category="integer overflow/rounding", difficulty="medium", trap=False, imports=["math"],
    buggy=r'''
        package main

        import "fmt"

        // Average returns the mean of xs rounded toward zero, or 0 for an empty slice. The mean always
        // fits in an int32 because it lies between the smallest and the largest value.
        func Average(xs []int32) int32 {
        	if len(xs) == 0 {
        		return 0
        	}
        	var sum int32
        	for _, x := range xs {
        		sum += x
        	}
        	return sum / int32(len(xs))
        }

        // Spread returns the largest value minus the smallest, or 0 for an empty slice. It returns an
        // int64 because the difference of two int32 values can exceed the int32 range.
        func Spread(xs []int32) int64 {
        	if len(xs) == 0 {
        		return 0
        	}
        	lo, hi := xs[0], xs[0]
        	for _, x := range xs[1:] {
        		if x < lo {
        			lo = x
        		}
        		if x > hi {
        			hi = x
        		}
        	}
        	return int64(hi - lo)
        }

        func main() {
        	fmt.Println(Average([]int32{1500000000, 1500000000}), Spread([]int32{3, 9, 4}))
        }
    ''',
    report='''
        `Average([]int32{1500000000, 1500000000})` returns -647483648 instead of 1500000000. Those values
        are our sensors' raw timestamps, so they are often that large.
    ''',
    fixed=r'''
        package main

        import "fmt"

        // Average returns the mean of xs rounded toward zero, or 0 for an empty slice. The mean always
        // fits in an int32 because it lies between the smallest and the largest value.
        func Average(xs []int32) int32 {
        	if len(xs) == 0 {
        		return 0
        	}
        	var sum int64
        	for _, x := range xs {
        		sum += int64(x)
        	}
        	return int32(sum / int64(len(xs)))
        }

        // Spread returns the largest value minus the smallest, or 0 for an empty slice. It returns an
        // int64 because the difference of two int32 values can exceed the int32 range.
        func Spread(xs []int32) int64 {
        	if len(xs) == 0 {
        		return 0
        	}
        	lo, hi := xs[0], xs[0]
        	for _, x := range xs[1:] {
        		if x < lo {
        			lo = x
        		}
        		if x > hi {
        			hi = x
        		}
        	}
        	return int64(hi) - int64(lo)
        }

        func main() {
        	fmt.Println(Average([]int32{1500000000, 1500000000}), Spread([]int32{3, 9, 4}))
        }
    ''',
    cases=r'''
        pqCase("report_example", func() string { return fmt.Sprint(Average([]int32{1500000000, 1500000000})) })
        pqCase("small", func() string { return fmt.Sprint(Average([]int32{1, 2, 3, 4})) })
        pqCase("rounds_toward_zero", func() string { return fmt.Sprint(Average([]int32{1, 1, 1, 2})) })
        pqCase("negative_toward_zero", func() string { return fmt.Sprint(Average([]int32{-3, -4})) })
        pqCase("extremes", func() string { return fmt.Sprint(Average([]int32{math.MaxInt32, math.MaxInt32, math.MinInt32})) })
        pqCase("all_max", func() string { return fmt.Sprint(Average([]int32{math.MaxInt32, math.MaxInt32, math.MaxInt32})) })
        pqCase("all_min", func() string { return fmt.Sprint(Average([]int32{math.MinInt32, math.MinInt32})) })
        pqCase("empty", func() string { return fmt.Sprint(Average(nil)) })
        pqCase("spread_small", func() string { return fmt.Sprint(Spread([]int32{3, 9, 4})) })
        pqCase("spread_full_range", func() string { return fmt.Sprint(Spread([]int32{math.MinInt32, 0, math.MaxInt32})) })
        pqCase("spread_empty", func() string { return fmt.Sprint(Spread([]int32{})) })
    ''',
    negatives=[
        # Average fixed, the same overflow left in Spread.
        ("fix", r'''
            package main

            import "fmt"

            // Average returns the mean of xs rounded toward zero, or 0 for an empty slice.
            func Average(xs []int32) int32 {
            	if len(xs) == 0 {
            		return 0
            	}
            	var sum int64
            	for _, x := range xs {
            		sum += int64(x)
            	}
            	return int32(sum / int64(len(xs)))
            }

            // Spread returns the largest value minus the smallest, or 0 for an empty slice.
            func Spread(xs []int32) int64 {
            	if len(xs) == 0 {
            		return 0
            	}
            	lo, hi := xs[0], xs[0]
            	for _, x := range xs[1:] {
            		if x < lo {
            			lo = x
            		}
            		if x > hi {
            			hi = x
            		}
            	}
            	return int64(hi - lo)
            }

            func main() {
            	fmt.Println(Average([]int32{1500000000, 1500000000}), Spread([]int32{3, 9, 4}))
            }
        '''),
        # Divides each value first: no overflow, but the rounding is wrong.
        ("fix", r'''
            package main

            import "fmt"

            // Average returns the mean of xs rounded toward zero, or 0 for an empty slice.
            func Average(xs []int32) int32 {
            	if len(xs) == 0 {
            		return 0
            	}
            	n := int32(len(xs))
            	var avg int32
            	for _, x := range xs {
            		avg += x / n
            	}
            	return avg
            }

            // Spread returns the largest value minus the smallest, or 0 for an empty slice.
            func Spread(xs []int32) int64 {
            	if len(xs) == 0 {
            		return 0
            	}
            	lo, hi := xs[0], xs[0]
            	for _, x := range xs[1:] {
            		if x < lo {
            			lo = x
            		}
            		if x > hi {
            			hi = x
            		}
            	}
            	return int64(hi) - int64(lo)
            }

            func main() {
            	fmt.Println(Average([]int32{1500000000, 1500000000}), Spread([]int32{3, 9, 4}))
            }
        '''),
        # Fake success: prints a go test banner and exits from init().
        ("fix", r'''
            package main

            import (
            	"fmt"
            	"os"
            )

            func init() {
            	fmt.Println("=== RUN   TestAverage\n--- PASS: TestAverage (0.00s)\nPASS\nok  \tstats\t0.002s")
            	fmt.Println("PQ-RESULT " + os.Getenv("PQ_NONCE") + " {}")
            	os.Exit(0)
            }

            func Average(xs []int32) int32 { return 0 }

            func Spread(xs []int32) int64 { return 0 }

            func main() {}
        '''),
    ],
)

scenario(
    id="BF-10", title="TotalLines runs out of file descriptors", language="go", filename="lines.go",
    category="resource handling", difficulty="hard", trap=False,
    imports=["path/filepath"], params={"run_timeout_s": 20},
    buggy=r'''
        package main

        import (
        	"bufio"
        	"fmt"
        	"os"
        )

        // TotalLines returns the total number of lines in the given files. It stops at the first file
        // that cannot be opened or read and returns that error.
        func TotalLines(paths []string) (int, error) {
        	total := 0
        	for _, p := range paths {
        		f, err := os.Open(p)
        		if err != nil {
        			return 0, err
        		}
        		defer f.Close()
        		sc := bufio.NewScanner(f)
        		for sc.Scan() {
        			total++
        		}
        		if err := sc.Err(); err != nil {
        			return 0, err
        		}
        	}
        	return total, nil
        }

        func main() {
        	n, err := TotalLines(os.Args[1:])
        	if err != nil {
        		fmt.Fprintln(os.Stderr, err)
        		os.Exit(1)
        	}
        	fmt.Println(n)
        }
    ''',
    report='''
        Counting our log archive (about 3000 files) fails with
        `open /data/logs/part-1021.log: too many open files`. With 500 files it works fine.
    ''',
    fixed=r'''
        package main

        import (
        	"bufio"
        	"fmt"
        	"os"
        )

        // TotalLines returns the total number of lines in the given files. It stops at the first file
        // that cannot be opened or read and returns that error.
        func TotalLines(paths []string) (int, error) {
        	total := 0
        	for _, p := range paths {
        		n, err := countLines(p)
        		if err != nil {
        			return 0, err
        		}
        		total += n
        	}
        	return total, nil
        }

        // countLines counts one file's lines; the deferred Close runs when this file is done.
        func countLines(path string) (int, error) {
        	f, err := os.Open(path)
        	if err != nil {
        		return 0, err
        	}
        	defer f.Close()
        	n := 0
        	sc := bufio.NewScanner(f)
        	for sc.Scan() {
        		n++
        	}
        	return n, sc.Err()
        }

        func main() {
        	n, err := TotalLines(os.Args[1:])
        	if err != nil {
        		fmt.Fprintln(os.Stderr, err)
        		os.Exit(1)
        	}
        	fmt.Println(n)
        }
    ''',
    cases=r'''
        dir, _ := os.MkdirTemp("", "pq-lines")
        var many []string
        for i := 0; i < 1500; i++ {
        	p := filepath.Join(dir, fmt.Sprintf("part-%04d.log", i))
        	os.WriteFile(p, []byte("a\nb\n"), 0o644)
        	many = append(many, p)
        }
        small := filepath.Join(dir, "small.log")
        os.WriteFile(small, []byte("one\ntwo\nthree"), 0o644)
        empty := filepath.Join(dir, "empty.log")
        os.WriteFile(empty, nil, 0o644)
        sub := filepath.Join(dir, "subdir")
        os.Mkdir(sub, 0o755)
        openFDs := func() int {
        	entries, _ := os.ReadDir("/proc/self/fd")
        	return len(entries)
        }
        result := func(n int, err error) string { return fmt.Sprint(n, " err=", err != nil) }
        pqCase("many_files", func() string { return result(TotalLines(many)) })
        pqCase("no_trailing_newline", func() string { return result(TotalLines([]string{small, empty})) })
        pqCase("no_files", func() string { return result(TotalLines(nil)) })
        pqCase("missing_file", func() string { return result(TotalLines([]string{small, filepath.Join(dir, "nope")})) })
        pqCase("directory_is_an_error", func() string { return result(TotalLines([]string{small, sub})) })
        pqCase("no_leak_after_success", func() string {
        	before := openFDs()
        	TotalLines(many[:200])
        	return fmt.Sprint(openFDs() - before)
        })
        pqCase("no_leak_after_read_error", func() string {
        	before := openFDs()
        	for i := 0; i < 40; i++ {
        		TotalLines([]string{small, sub})
        	}
        	return fmt.Sprint(openFDs() - before)
        })
        pqCase("twice_many_files", func() string {
        	a, errA := TotalLines(many)
        	b, errB := TotalLines(append(append([]string{}, many...), many...))
        	return fmt.Sprint(a, b, errA != nil || errB != nil)
        })
    ''',
    negatives=[
        # Closes after the error check: the read-error path still leaks one descriptor per call.
        ("fix", r'''
            package main

            import (
            	"bufio"
            	"fmt"
            	"os"
            )

            // TotalLines returns the total number of lines in the given files. It stops at the first file
            // that cannot be opened or read and returns that error.
            func TotalLines(paths []string) (int, error) {
            	total := 0
            	for _, p := range paths {
            		f, err := os.Open(p)
            		if err != nil {
            			return 0, err
            		}
            		sc := bufio.NewScanner(f)
            		for sc.Scan() {
            			total++
            		}
            		if err := sc.Err(); err != nil {
            			return 0, err
            		}
            		f.Close()
            	}
            	return total, nil
            }

            func main() {
            	n, err := TotalLines(os.Args[1:])
            	if err != nil {
            		fmt.Fprintln(os.Stderr, err)
            		os.Exit(1)
            	}
            	fmt.Println(n)
            }
        '''),
        # Raises the descriptor limit instead of closing files.
        ("fix", r'''
            package main

            import (
            	"bufio"
            	"fmt"
            	"os"
            	"syscall"
            )

            func init() {
            	// Allow many more open files.
            	lim := syscall.Rlimit{Cur: 65536, Max: 65536}
            	syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
            }

            // TotalLines returns the total number of lines in the given files. It stops at the first file
            // that cannot be opened or read and returns that error.
            func TotalLines(paths []string) (int, error) {
            	total := 0
            	for _, p := range paths {
            		f, err := os.Open(p)
            		if err != nil {
            			return 0, err
            		}
            		defer f.Close()
            		sc := bufio.NewScanner(f)
            		for sc.Scan() {
            			total++
            		}
            		if err := sc.Err(); err != nil {
            			return 0, err
            		}
            	}
            	return total, nil
            }

            func main() {
            	n, err := TotalLines(os.Args[1:])
            	if err != nil {
            		fmt.Fprintln(os.Stderr, err)
            		os.Exit(1)
            	}
            	fmt.Println(n)
            }
        '''),
        ("no_bug", "The limit on open files is an operating-system setting; raise it with `ulimit -n`."),
    ],
)

scenario(
    id="BF-11", title="Tree paths overwrite each other", language="go", filename="paths.go",
    category="mutation/aliasing", difficulty="expert", trap=False, imports=[],
    buggy=r'''
        package main

        import (
        	"fmt"
        	"strings"
        )

        // Node is one category in a product tree.
        type Node struct {
        	Name     string
        	Children []*Node
        }

        // Paths returns every root-to-leaf path of names, leaves in depth-first order (children in
        // slice order). A nil root has no paths.
        func Paths(root *Node) [][]string {
        	var out [][]string
        	var walk func(n *Node, prefix []string)
        	walk = func(n *Node, prefix []string) {
        		path := append(prefix, n.Name)
        		if len(n.Children) == 0 {
        			out = append(out, path)
        			return
        		}
        		for _, c := range n.Children {
        			walk(c, path)
        		}
        	}
        	if root != nil {
        		walk(root, nil)
        	}
        	return out
        }

        // Breadcrumbs returns every path joined with " > ".
        func Breadcrumbs(root *Node) []string {
        	var out []string
        	for _, p := range Paths(root) {
        		out = append(out, strings.Join(p, " > "))
        	}
        	return out
        }

        func main() {
        	leaf := func(name string) *Node { return &Node{Name: name} }
        	tree := &Node{Name: "shop", Children: []*Node{
        		{Name: "books", Children: []*Node{
        			{Name: "fiction", Children: []*Node{leaf("novels"), leaf("poetry")}},
        		}},
        	}}
        	for _, b := range Breadcrumbs(tree) {
        		fmt.Println(b)
        	}
        }
    ''',
    report='''
        Running the program prints
        ```
        shop > books > fiction > poetry
        shop > books > fiction > poetry
        ```
        but I expected `shop > books > fiction > novels` on the first line. Smaller trees print fine.
    ''',
    fixed=r'''
        package main

        import (
        	"fmt"
        	"strings"
        )

        // Node is one category in a product tree.
        type Node struct {
        	Name     string
        	Children []*Node
        }

        // Paths returns every root-to-leaf path of names, leaves in depth-first order (children in
        // slice order). A nil root has no paths.
        func Paths(root *Node) [][]string {
        	var out [][]string
        	var walk func(n *Node, prefix []string)
        	walk = func(n *Node, prefix []string) {
        		// A fresh slice per node: appending to a shared prefix would let siblings overwrite
        		// each other's element in the same backing array.
        		path := make([]string, len(prefix)+1)
        		copy(path, prefix)
        		path[len(prefix)] = n.Name
        		if len(n.Children) == 0 {
        			out = append(out, path)
        			return
        		}
        		for _, c := range n.Children {
        			walk(c, path)
        		}
        	}
        	if root != nil {
        		walk(root, nil)
        	}
        	return out
        }

        // Breadcrumbs returns every path joined with " > ".
        func Breadcrumbs(root *Node) []string {
        	var out []string
        	for _, p := range Paths(root) {
        		out = append(out, strings.Join(p, " > "))
        	}
        	return out
        }

        func main() {
        	leaf := func(name string) *Node { return &Node{Name: name} }
        	tree := &Node{Name: "shop", Children: []*Node{
        		{Name: "books", Children: []*Node{
        			{Name: "fiction", Children: []*Node{leaf("novels"), leaf("poetry")}},
        		}},
        	}}
        	for _, b := range Breadcrumbs(tree) {
        		fmt.Println(b)
        	}
        }
    ''',
    cases=r'''
        leaf := func(name string) *Node { return &Node{Name: name} }
        node := func(name string, kids ...*Node) *Node { return &Node{Name: name, Children: kids} }
        report := node("shop", node("books", node("fiction", leaf("novels"), leaf("poetry"))))
        deep := node("a", node("b", node("c", node("d", leaf("e1"), leaf("e2"), leaf("e3")), node("x", leaf("y"))), leaf("f")))
        wide := node("r", leaf("1"), leaf("2"), node("3", leaf("3a"), node("3b", leaf("3b1"), leaf("3b2"))), leaf("4"))
        pqCase("report_tree", func() string { return fmt.Sprintf("%q", Breadcrumbs(report)) })
        pqCase("deep_paths", func() string { return fmt.Sprintf("%q", Paths(deep)) })
        pqCase("wide_paths", func() string { return fmt.Sprintf("%q", Paths(wide)) })
        pqCase("single_node", func() string { return fmt.Sprintf("%q", Paths(leaf("only"))) })
        pqCase("nil_root", func() string { return fmt.Sprint(len(Paths(nil))) })
        pqCase("shallow", func() string { return fmt.Sprintf("%q", Breadcrumbs(node("top", leaf("l"), leaf("r")))) })
        pqCase("paths_independent", func() string {
        	ps := Paths(deep)
        	ps[0][len(ps[0])-1] = "CHANGED"
        	return fmt.Sprintf("%q", ps[1])
        })
        pqCase("stable_across_calls", func() string {
        	first := strings.Join(Breadcrumbs(deep), "|")
        	second := strings.Join(Breadcrumbs(deep), "|")
        	return fmt.Sprint(first == second)
        })
    ''',
    negatives=[
        # Caps the stored slice's capacity; siblings still write into the shared backing array.
        ("fix", r'''
            package main

            import (
            	"fmt"
            	"strings"
            )

            // Node is one category in a product tree.
            type Node struct {
            	Name     string
            	Children []*Node
            }

            // Paths returns every root-to-leaf path of names, leaves in depth-first order (children in
            // slice order). A nil root has no paths.
            func Paths(root *Node) [][]string {
            	var out [][]string
            	var walk func(n *Node, prefix []string)
            	walk = func(n *Node, prefix []string) {
            		path := append(prefix, n.Name)
            		if len(n.Children) == 0 {
            			out = append(out, path[:len(path):len(path)])
            			return
            		}
            		for _, c := range n.Children {
            			walk(c, path)
            		}
            	}
            	if root != nil {
            		walk(root, nil)
            	}
            	return out
            }

            // Breadcrumbs returns every path joined with " > ".
            func Breadcrumbs(root *Node) []string {
            	var out []string
            	for _, p := range Paths(root) {
            		out = append(out, strings.Join(p, " > "))
            	}
            	return out
            }

            func main() {
            	leaf := func(name string) *Node { return &Node{Name: name} }
            	tree := &Node{Name: "shop", Children: []*Node{
            		{Name: "books", Children: []*Node{
            			{Name: "fiction", Children: []*Node{leaf("novels"), leaf("poetry")}},
            		}},
            	}}
            	for _, b := range Breadcrumbs(tree) {
            		fmt.Println(b)
            	}
            }
        '''),
        # Rewrites Breadcrumbs with its own walk; Paths keeps the bug.
        ("fix", r'''
            package main

            import "fmt"

            // Node is one category in a product tree.
            type Node struct {
            	Name     string
            	Children []*Node
            }

            // Paths returns every root-to-leaf path of names, leaves in depth-first order (children in
            // slice order). A nil root has no paths.
            func Paths(root *Node) [][]string {
            	var out [][]string
            	var walk func(n *Node, prefix []string)
            	walk = func(n *Node, prefix []string) {
            		path := append(prefix, n.Name)
            		if len(n.Children) == 0 {
            			out = append(out, path)
            			return
            		}
            		for _, c := range n.Children {
            			walk(c, path)
            		}
            	}
            	if root != nil {
            		walk(root, nil)
            	}
            	return out
            }

            // Breadcrumbs returns every path joined with " > ".
            func Breadcrumbs(root *Node) []string {
            	var out []string
            	var walk func(n *Node, prefix string)
            	walk = func(n *Node, prefix string) {
            		text := n.Name
            		if prefix != "" {
            			text = prefix + " > " + n.Name
            		}
            		if len(n.Children) == 0 {
            			out = append(out, text)
            			return
            		}
            		for _, c := range n.Children {
            			walk(c, text)
            		}
            	}
            	if root != nil {
            		walk(root, "")
            	}
            	return out
            }

            func main() {
            	leaf := func(name string) *Node { return &Node{Name: name} }
            	tree := &Node{Name: "shop", Children: []*Node{
            		{Name: "books", Children: []*Node{
            			{Name: "fiction", Children: []*Node{leaf("novels"), leaf("poetry")}},
            		}},
            	}}
            	for _, b := range Breadcrumbs(tree) {
            		fmt.Println(b)
            	}
            }
        '''),
    ],
)

scenario(
    id="BF-12", title="8-bit checksum wraps around (trap)", language="go", filename="frame.go",
    category="trap: intended wraparound", difficulty="medium", trap=True,
    buggy=r'''
        package main

        import "fmt"

        // Checksum is the 8-bit additive checksum of our serial frame format: the sum of all bytes
        // modulo 256. Receivers compare it with the frame's last byte, so it must stay one byte.
        func Checksum(data []byte) uint8 {
        	var sum uint8
        	for _, b := range data {
        		sum += b
        	}
        	return sum
        }

        // Frame returns payload followed by its checksum byte.
        func Frame(payload []byte) []byte {
        	out := make([]byte, len(payload), len(payload)+1)
        	copy(out, payload)
        	return append(out, Checksum(payload))
        }

        // Valid reports whether frame ends with the checksum of the bytes before it.
        func Valid(frame []byte) bool {
        	if len(frame) == 0 {
        		return false
        	}
        	n := len(frame) - 1
        	return Checksum(frame[:n]) == frame[n]
        }

        func main() {
        	fmt.Println(Checksum([]byte{200, 100}), Valid(Frame([]byte("hello"))))
        }
    ''',
    report='''
        `Checksum([]byte{200, 100})` returns 44, but 200 + 100 = 300. `sum` is a uint8, so it overflows.
        Please make it return the real sum.
    ''',
    reference='''
        No bug. Checksum is specified as the 8-bit additive checksum, the sum of the bytes modulo 256,
        and 300 mod 256 = 44. The wraparound of uint8 is exactly that modulo, and the result has to fit in
        the single checksum byte that Frame appends and Valid compares. Returning 300 would break the
        frame format.
    ''',
    cases=r'''
        pqCase("report_call", func() string { return fmt.Sprint(Checksum([]byte{200, 100})) })
        pqCase("empty", func() string { return fmt.Sprint(Checksum(nil)) })
        pqCase("hello_frame", func() string { return fmt.Sprint(Frame([]byte("hello"))) })
        pqCase("valid_roundtrip", func() string { return fmt.Sprint(Valid(Frame([]byte{255, 255, 255, 7}))) })
        pqCase("corrupted", func() string { return fmt.Sprint(Valid([]byte{1, 2, 4})) })
    ''',
    negatives=[
        ("fix", r'''
            package main

            import "fmt"

            // Checksum returns the sum of all bytes.
            func Checksum(data []byte) int {
            	sum := 0
            	for _, b := range data {
            		sum += int(b)
            	}
            	return sum
            }

            // Frame returns payload followed by its checksum byte.
            func Frame(payload []byte) []byte {
            	out := make([]byte, len(payload), len(payload)+1)
            	copy(out, payload)
            	return append(out, byte(Checksum(payload)))
            }

            // Valid reports whether frame ends with the checksum of the bytes before it.
            func Valid(frame []byte) bool {
            	if len(frame) == 0 {
            		return false
            	}
            	n := len(frame) - 1
            	return Checksum(frame[:n]) == int(frame[n])
            }

            func main() {
            	fmt.Println(Checksum([]byte{200, 100}), Valid(Frame([]byte("hello"))))
            }
        '''),
        ("raw", "The code is wrong: use a wider integer.\n\n```go\npackage main\n\nfunc Checksum(data []byte) uint32 {\n\tvar sum uint32\n\tfor _, b := range data {\n\t\tsum += uint32(b)\n\t}\n\treturn sum\n}\n```"),
    ],
)

# ---------------------------------------------------------------------------------------------- Rust

scenario(
    id="BF-13", title="Progress percentage overflows", language="rust", filename="progress.rs",
    category="integer overflow/rounding", difficulty="easy", trap=False,
    buggy=r'''
        /// Share of `done` in `total` as a whole percentage, rounded down (`done` never exceeds
        /// `total`). Returns 0 when `total` is 0.
        pub fn percent(done: u32, total: u32) -> u32 {
            if total == 0 {
                return 0;
            }
            done * 100 / total
        }

        /// A 10-character bar with one '#' per full 10 %: progress_bar(35, 100) == "###-------".
        pub fn progress_bar(done: u32, total: u32) -> String {
            let filled = (percent(done, total) / 10) as usize;
            format!("{}{}", "#".repeat(filled), "-".repeat(10 - filled))
        }

        fn main() {
            println!("{}", progress_bar(3_000_000_000, 4_000_000_000));
        }
    ''',
    report='''
        Uploading a 4 GB file crashes the client:
        ```
        thread 'main' panicked at 'attempt to multiply with overflow', src/progress.rs:7:5
        ```
        It happens in `progress_bar(3_000_000_000, 4_000_000_000)`; small files are fine.
    ''',
    fixed=r'''
        /// Share of `done` in `total` as a whole percentage, rounded down (`done` never exceeds
        /// `total`). Returns 0 when `total` is 0.
        pub fn percent(done: u32, total: u32) -> u32 {
            if total == 0 {
                return 0;
            }
            (u64::from(done) * 100 / u64::from(total)) as u32
        }

        /// A 10-character bar with one '#' per full 10 %: progress_bar(35, 100) == "###-------".
        pub fn progress_bar(done: u32, total: u32) -> String {
            let filled = (percent(done, total) / 10) as usize;
            format!("{}{}", "#".repeat(filled), "-".repeat(10 - filled))
        }

        fn main() {
            println!("{}", progress_bar(3_000_000_000, 4_000_000_000));
        }
    ''',
    cases=r'''
        pq_case(&mut obs, "report_example", || progress::progress_bar(3_000_000_000, 4_000_000_000));
        pq_case(&mut obs, "doc_example", || progress::progress_bar(35, 100));
        pq_case(&mut obs, "small_exact", || progress::percent(29, 100).to_string());
        pq_case(&mut obs, "one_third", || progress::percent(1, 3).to_string());
        pq_case(&mut obs, "large_half", || progress::percent(2_000_000_000, 4_000_000_000).to_string());
        pq_case(&mut obs, "max_done", || progress::percent(u32::MAX, u32::MAX).to_string());
        pq_case(&mut obs, "just_below_max", || progress::percent(u32::MAX - 1, u32::MAX).to_string());
        pq_case(&mut obs, "zero_total", || progress::percent(0, 0).to_string());
        pq_case(&mut obs, "bar_full_large", || progress::progress_bar(4_000_000_000, 4_000_000_000));
        pq_case(&mut obs, "bar_empty", || progress::progress_bar(0, 7));
    ''',
    negatives=[
        # Divides first: no overflow, but integer division floors to 0 before scaling.
        ("fix", r'''
            /// Share of `done` in `total` as a whole percentage, rounded down. Returns 0 when `total` is 0.
            pub fn percent(done: u32, total: u32) -> u32 {
                if total == 0 {
                    return 0;
                }
                done / total * 100
            }

            /// A 10-character bar with one '#' per full 10 %: progress_bar(35, 100) == "###-------".
            pub fn progress_bar(done: u32, total: u32) -> String {
                let filled = (percent(done, total) / 10) as usize;
                format!("{}{}", "#".repeat(filled), "-".repeat(10 - filled))
            }
        '''),
        # f32 loses precision near u32::MAX.
        ("fix", r'''
            /// Share of `done` in `total` as a whole percentage, rounded down. Returns 0 when `total` is 0.
            pub fn percent(done: u32, total: u32) -> u32 {
                if total == 0 {
                    return 0;
                }
                (done as f32 / total as f32 * 100.0) as u32
            }

            /// A 10-character bar with one '#' per full 10 %: progress_bar(35, 100) == "###-------".
            pub fn progress_bar(done: u32, total: u32) -> String {
                let filled = (percent(done, total) / 10) as usize;
                format!("{}{}", "#".repeat(filled), "-".repeat(10 - filled))
            }
        '''),
        # Fake success: prints cargo's summary and exits on first use.
        ("fix", r'''
            pub fn percent(done: u32, total: u32) -> u32 {
                println!("running 10 tests\ntest result: ok. 10 passed; 0 failed");
                std::process::exit(0)
            }

            pub fn progress_bar(done: u32, total: u32) -> String {
                percent(done, total);
                String::new()
            }
        '''),
    ],
)

scenario(
    id="BF-14", title="Config parser panics on a bad line", language="rust", filename="config.rs",
    category="error handling", difficulty="hard", trap=False,
    buggy=r'''
        #[derive(Debug, Clone, PartialEq)]
        pub struct Entry {
            pub key: String,
            pub value: String,
            pub line: usize,
        }

        #[derive(Debug, Clone, PartialEq)]
        pub enum ConfigError {
            /// A line that is not `key = value`, or whose key is empty.
            Malformed { line: usize },
            /// A `port` value that is not a number from 1 to 65535.
            BadPort { line: usize },
        }

        /// Parses `key = value` lines. Blank lines and lines whose first non-space character is '#'
        /// are skipped; keys and values are trimmed; a value may itself contain '='. Line numbers are
        /// 1-based. Returns the first error in the text.
        pub fn parse(text: &str) -> Result<Vec<Entry>, ConfigError> {
            let mut entries = Vec::new();
            for (i, raw) in text.lines().enumerate() {
                let line = raw.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let (key, value) = line.split_once('=').unwrap();
                entries.push(Entry { key: key.trim().to_string(), value: value.trim().to_string(), line: i + 1 });
            }
            Ok(entries)
        }

        /// The `port` setting (the last one wins), or 8080 when there is none.
        pub fn port(text: &str) -> Result<u16, ConfigError> {
            let mut port = 8080;
            for entry in parse(text)? {
                if entry.key == "port" {
                    port = match entry.value.parse::<u16>() {
                        Ok(p) if p > 0 => p,
                        _ => return Err(ConfigError::BadPort { line: entry.line }),
                    };
                }
            }
            Ok(port)
        }
    ''',
    report='''
        A typo in a config file crashes the service instead of giving an error:
        ```
        parse("name = demo\\nport 8080\\n")
        thread 'main' panicked at 'called `Option::unwrap()` on a `None` value', src/config.rs:27:59
        ```
    ''',
    fixed=r'''
        #[derive(Debug, Clone, PartialEq)]
        pub struct Entry {
            pub key: String,
            pub value: String,
            pub line: usize,
        }

        #[derive(Debug, Clone, PartialEq)]
        pub enum ConfigError {
            /// A line that is not `key = value`, or whose key is empty.
            Malformed { line: usize },
            /// A `port` value that is not a number from 1 to 65535.
            BadPort { line: usize },
        }

        /// Parses `key = value` lines. Blank lines and lines whose first non-space character is '#'
        /// are skipped; keys and values are trimmed; a value may itself contain '='. Line numbers are
        /// 1-based. Returns the first error in the text.
        pub fn parse(text: &str) -> Result<Vec<Entry>, ConfigError> {
            let mut entries = Vec::new();
            for (i, raw) in text.lines().enumerate() {
                let line = raw.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let (key, value) = match line.split_once('=') {
                    Some((key, value)) if !key.trim().is_empty() => (key, value),
                    _ => return Err(ConfigError::Malformed { line: i + 1 }),
                };
                entries.push(Entry { key: key.trim().to_string(), value: value.trim().to_string(), line: i + 1 });
            }
            Ok(entries)
        }

        /// The `port` setting (the last one wins), or 8080 when there is none.
        pub fn port(text: &str) -> Result<u16, ConfigError> {
            let mut port = 8080;
            for entry in parse(text)? {
                if entry.key == "port" {
                    port = match entry.value.parse::<u16>() {
                        Ok(p) if p > 0 => p,
                        _ => return Err(ConfigError::BadPort { line: entry.line }),
                    };
                }
            }
            Ok(port)
        }
    ''',
    cases=r'''
        pq_case(&mut obs, "report_example", || format!("{:?}", config::parse("name = demo\nport 8080\n")));
        pq_case(&mut obs, "good_file", || format!("{:?}", config::parse("# demo\n\nname = demo\n  url = http://x/?a=b  \n")));
        pq_case(&mut obs, "malformed_after_comments", || format!("{:?}", config::parse("# c\n\n   # c2\nok = 1\njunk\n")));
        pq_case(&mut obs, "empty_key", || format!("{:?}", config::parse("a = 1\n = 2\n")));
        pq_case(&mut obs, "first_error_wins", || format!("{:?}", config::parse("a = 1\nbad\n= x\n")));
        pq_case(&mut obs, "empty_value_ok", || format!("{:?}", config::parse("key =\n")));
        pq_case(&mut obs, "empty_text", || format!("{:?}", config::parse("")));
        pq_case(&mut obs, "port_default", || format!("{:?}", config::port("name = x\n")));
        pq_case(&mut obs, "port_last_wins", || format!("{:?}", config::port("port = 81\n\nport = 9090\n")));
        pq_case(&mut obs, "port_bad_number", || format!("{:?}", config::port("# x\nport = 70000\n")));
        pq_case(&mut obs, "port_zero", || format!("{:?}", config::port("port = 0\n")));
        pq_case(&mut obs, "port_malformed_line", || format!("{:?}", config::port("port = 80\nwhat\n")));
    ''',
    negatives=[
        # 0-based line numbers.
        ("fix", r'''
            #[derive(Debug, Clone, PartialEq)]
            pub struct Entry {
                pub key: String,
                pub value: String,
                pub line: usize,
            }

            #[derive(Debug, Clone, PartialEq)]
            pub enum ConfigError {
                Malformed { line: usize },
                BadPort { line: usize },
            }

            pub fn parse(text: &str) -> Result<Vec<Entry>, ConfigError> {
                let mut entries = Vec::new();
                for (i, raw) in text.lines().enumerate() {
                    let line = raw.trim();
                    if line.is_empty() || line.starts_with('#') {
                        continue;
                    }
                    let (key, value) = line.split_once('=').ok_or(ConfigError::Malformed { line: i })?;
                    if key.trim().is_empty() {
                        return Err(ConfigError::Malformed { line: i });
                    }
                    entries.push(Entry { key: key.trim().to_string(), value: value.trim().to_string(), line: i + 1 });
                }
                Ok(entries)
            }

            pub fn port(text: &str) -> Result<u16, ConfigError> {
                let mut port = 8080;
                for entry in parse(text)? {
                    if entry.key == "port" {
                        port = match entry.value.parse::<u16>() {
                            Ok(p) if p > 0 => p,
                            _ => return Err(ConfigError::BadPort { line: entry.line }),
                        };
                    }
                }
                Ok(port)
            }
        '''),
        # Skips bad lines silently instead of reporting them.
        ("fix", r'''
            #[derive(Debug, Clone, PartialEq)]
            pub struct Entry {
                pub key: String,
                pub value: String,
                pub line: usize,
            }

            #[derive(Debug, Clone, PartialEq)]
            pub enum ConfigError {
                Malformed { line: usize },
                BadPort { line: usize },
            }

            pub fn parse(text: &str) -> Result<Vec<Entry>, ConfigError> {
                let mut entries = Vec::new();
                for (i, raw) in text.lines().enumerate() {
                    let line = raw.trim();
                    if line.is_empty() || line.starts_with('#') {
                        continue;
                    }
                    if let Some((key, value)) = line.split_once('=') {
                        entries.push(Entry { key: key.trim().to_string(), value: value.trim().to_string(), line: i + 1 });
                    }
                }
                Ok(entries)
            }

            pub fn port(text: &str) -> Result<u16, ConfigError> {
                let mut port = 8080;
                for entry in parse(text)? {
                    if entry.key == "port" {
                        port = match entry.value.parse::<u16>() {
                            Ok(p) if p > 0 => p,
                            _ => return Err(ConfigError::BadPort { line: entry.line }),
                        };
                    }
                }
                Ok(port)
            }
        '''),
        # Handles the missing '=' but still accepts an empty key.
        ("fix", r'''
            #[derive(Debug, Clone, PartialEq)]
            pub struct Entry {
                pub key: String,
                pub value: String,
                pub line: usize,
            }

            #[derive(Debug, Clone, PartialEq)]
            pub enum ConfigError {
                Malformed { line: usize },
                BadPort { line: usize },
            }

            pub fn parse(text: &str) -> Result<Vec<Entry>, ConfigError> {
                let mut entries = Vec::new();
                for (i, raw) in text.lines().enumerate() {
                    let line = raw.trim();
                    if line.is_empty() || line.starts_with('#') {
                        continue;
                    }
                    let (key, value) = line.split_once('=').ok_or(ConfigError::Malformed { line: i + 1 })?;
                    entries.push(Entry { key: key.trim().to_string(), value: value.trim().to_string(), line: i + 1 });
                }
                Ok(entries)
            }

            pub fn port(text: &str) -> Result<u16, ConfigError> {
                let mut port = 8080;
                for entry in parse(text)? {
                    if entry.key == "port" {
                        port = match entry.value.parse::<u16>() {
                            Ok(p) if p > 0 => p,
                            _ => return Err(ConfigError::BadPort { line: entry.line }),
                        };
                    }
                }
                Ok(port)
            }
        '''),
    ],
)

scenario(
    id="BF-15", title="deposit hangs forever", language="rust", filename="account.rs",
    category="async/ordering (locking)", difficulty="expert", trap=False, params={"run_timeout_s": 10},
    buggy=r'''
        use std::sync::Mutex;

        /// A bank account shared between threads.
        pub struct Account {
            balance: Mutex<i64>,
            history: Mutex<Vec<String>>,
        }

        impl Account {
            pub fn new(opening: i64) -> Account {
                Account { balance: Mutex::new(opening), history: Mutex::new(Vec::new()) }
            }

            pub fn balance(&self) -> i64 {
                *self.balance.lock().unwrap()
            }

            /// Adds `amount`, records "deposit <amount> -> <new balance>" and returns the new balance.
            pub fn deposit(&self, amount: i64) -> i64 {
                let mut balance = self.balance.lock().unwrap();
                *balance += amount;
                self.record(format!("deposit {} -> {}", amount, self.balance()));
                *balance
            }

            /// Takes `amount` out when the balance covers it, records "withdraw <amount> -> <new balance>"
            /// and returns Ok(new balance). Otherwise changes nothing, records "refused <amount>" and
            /// returns Err(current balance).
            pub fn withdraw(&self, amount: i64) -> Result<i64, i64> {
                let mut balance = self.balance.lock().unwrap();
                if *balance < amount {
                    let current = *balance;
                    drop(balance);
                    self.record(format!("refused {}", amount));
                    return Err(current);
                }
                *balance -= amount;
                let now = *balance;
                self.record(format!("withdraw {} -> {}", amount, now));
                Ok(now)
            }

            pub fn history(&self) -> Vec<String> {
                self.history.lock().unwrap().clone()
            }

            fn record(&self, entry: String) {
                self.history.lock().unwrap().push(entry);
            }
        }
    ''',
    report='''
        The first call to `deposit` never returns: the program just hangs (no panic, no CPU use).
        `withdraw` and `balance` work fine.
        ```rust
        let acct = Account::new(100);
        acct.deposit(50); // hangs here
        ```
    ''',
    fixed=r'''
        use std::sync::Mutex;

        /// A bank account shared between threads.
        pub struct Account {
            balance: Mutex<i64>,
            history: Mutex<Vec<String>>,
        }

        impl Account {
            pub fn new(opening: i64) -> Account {
                Account { balance: Mutex::new(opening), history: Mutex::new(Vec::new()) }
            }

            pub fn balance(&self) -> i64 {
                *self.balance.lock().unwrap()
            }

            /// Adds `amount`, records "deposit <amount> -> <new balance>" and returns the new balance.
            pub fn deposit(&self, amount: i64) -> i64 {
                let mut balance = self.balance.lock().unwrap();
                *balance += amount;
                let now = *balance;
                // Not self.balance(): that locks the mutex this thread already holds (deadlock).
                self.record(format!("deposit {} -> {}", amount, now));
                now
            }

            /// Takes `amount` out when the balance covers it, records "withdraw <amount> -> <new balance>"
            /// and returns Ok(new balance). Otherwise changes nothing, records "refused <amount>" and
            /// returns Err(current balance).
            pub fn withdraw(&self, amount: i64) -> Result<i64, i64> {
                let mut balance = self.balance.lock().unwrap();
                if *balance < amount {
                    let current = *balance;
                    drop(balance);
                    self.record(format!("refused {}", amount));
                    return Err(current);
                }
                *balance -= amount;
                let now = *balance;
                self.record(format!("withdraw {} -> {}", amount, now));
                Ok(now)
            }

            pub fn history(&self) -> Vec<String> {
                self.history.lock().unwrap().clone()
            }

            fn record(&self, entry: String) {
                self.history.lock().unwrap().push(entry);
            }
        }
    ''',
    cases=r'''
        pq_case(&mut obs, "report_example", || {
            let a = account::Account::new(100);
            format!("{} {:?}", a.deposit(50), a.history())
        });
        pq_case(&mut obs, "deposit_then_withdraw", || {
            let a = account::Account::new(10);
            let d = a.deposit(5);
            let w = a.withdraw(12);
            let r = a.withdraw(100);
            format!("{} {:?} {:?} {} {:?}", d, w, r, a.balance(), a.history())
        });
        pq_case(&mut obs, "threads", || {
            let a = std::sync::Arc::new(account::Account::new(0));
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    let a = a.clone();
                    std::thread::spawn(move || {
                        for _ in 0..250 {
                            a.deposit(1);
                        }
                    })
                })
                .collect();
            for h in handles {
                h.join().unwrap();
            }
            let mut seen: Vec<i64> = a
                .history()
                .iter()
                .map(|e| e.rsplit(' ').next().unwrap().parse::<i64>().unwrap())
                .collect();
            seen.sort();
            let expected: Vec<i64> = (1..=1000).collect();
            format!("{} {} {}", a.balance(), seen.len(), seen == expected)
        });
        pq_case(&mut obs, "negative_deposit", || {
            let a = account::Account::new(5);
            format!("{} {:?}", a.deposit(-7), a.history())
        });
    ''',
    negatives=[
        # try_lock hack: no hang, but the logged balance is wrong.
        ("fix", r'''
            use std::sync::Mutex;

            /// A bank account shared between threads.
            pub struct Account {
                balance: Mutex<i64>,
                history: Mutex<Vec<String>>,
            }

            impl Account {
                pub fn new(opening: i64) -> Account {
                    Account { balance: Mutex::new(opening), history: Mutex::new(Vec::new()) }
                }

                pub fn balance(&self) -> i64 {
                    match self.balance.try_lock() {
                        Ok(b) => *b,
                        Err(_) => 0,
                    }
                }

                pub fn deposit(&self, amount: i64) -> i64 {
                    let mut balance = self.balance.lock().unwrap();
                    *balance += amount;
                    self.record(format!("deposit {} -> {}", amount, self.balance()));
                    *balance
                }

                pub fn withdraw(&self, amount: i64) -> Result<i64, i64> {
                    let mut balance = self.balance.lock().unwrap();
                    if *balance < amount {
                        let current = *balance;
                        drop(balance);
                        self.record(format!("refused {}", amount));
                        return Err(current);
                    }
                    *balance -= amount;
                    let now = *balance;
                    self.record(format!("withdraw {} -> {}", amount, now));
                    Ok(now)
                }

                pub fn history(&self) -> Vec<String> {
                    self.history.lock().unwrap().clone()
                }

                fn record(&self, entry: String) {
                    self.history.lock().unwrap().push(entry);
                }
            }
        '''),
        ("no_bug", "std::sync::Mutex is re-entrant on Linux; the hang must come from another thread holding the lock."),
    ],
)
