import { products, productsByUpc, type ProductRow } from '../data.js';

interface ProductCost {
  wholesale: number;
  marginBasisPoints: number;
}

/** The products after this one, wrapping around: a stand-in for "bought together" analytics. */
function relatedProducts(product: ProductRow, first: number): ProductRow[] {
  const start = products.indexOf(product);
  const count = Math.min(Math.max(first, 0), products.length - 1);
  return Array.from(
    { length: count },
    (_, offset) => products[(start + offset + 1) % products.length],
  ).filter((related): related is ProductRow => related !== undefined);
}

interface ProductFilter {
  nameContains?: string | null;
  maxPrice?: number | null;
  legacySku?: string | null;
}

type ProductSort = 'NAME' | 'PRICE_ASC' | 'PRICE_DESC';

function searchProducts(filter: ProductFilter, sort: ProductSort, first: number): ProductRow[] {
  const needle = filter.nameContains?.toLowerCase();
  const matching = products.filter(
    (product) =>
      (needle === undefined || product.name.toLowerCase().includes(needle)) &&
      (filter.maxPrice == null || product.price <= filter.maxPrice),
  );
  const order: Record<ProductSort, (a: ProductRow, b: ProductRow) => number> = {
    NAME: (a, b) => a.name.localeCompare(b.name),
    PRICE_ASC: (a, b) => a.price - b.price,
    PRICE_DESC: (a, b) => b.price - a.price,
  };
  return matching.sort(order[sort]).slice(0, Math.max(first, 0));
}

export const productsResolvers = {
  Query: {
    topProducts: (_: unknown, args: { first?: number | null }): readonly ProductRow[] =>
      products.slice(0, args.first ?? 5),
    product: (_: unknown, args: { upc?: string }): ProductRow | undefined =>
      productsByUpc.get(args.upc ?? ''),
    searchProducts: (
      _: unknown,
      args: { filter: ProductFilter; sort?: ProductSort | null; first?: number | null },
    ): ProductRow[] => searchProducts(args.filter, args.sort ?? 'NAME', args.first ?? 5),
  },
  Product: {
    __resolveReference: (reference: { upc: string }): ProductRow | undefined =>
      productsByUpc.get(reference.upc),
    costBreakdown: (product: ProductRow): ProductCost => ({
      wholesale: product.wholesale,
      marginBasisPoints: Math.round(((product.price - product.wholesale) / product.price) * 10_000),
    }),
    relatedProducts: (product: ProductRow, args: { first?: number | null }): ProductRow[] =>
      relatedProducts(product, args.first ?? 3),
  },
};
