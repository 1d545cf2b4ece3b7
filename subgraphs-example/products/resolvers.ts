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

export const productsResolvers = {
  Query: {
    topProducts: (_: unknown, args: { first?: number | null }): readonly ProductRow[] =>
      products.slice(0, args.first ?? 5),
    product: (_: unknown, args: { upc?: string }): ProductRow | undefined =>
      productsByUpc.get(args.upc ?? ''),
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
