/** The operation `npm run bench` sends: every example subgraph, `@requires`, `@provides` and nested lists. */
export const BENCH_QUERY = `query TopProducts {
  topProducts {
    upc name price weight shippingEstimate inStock
    reviews { id body author { id username name birthday reviews { id product { upc name } } } }
  }
}`;
