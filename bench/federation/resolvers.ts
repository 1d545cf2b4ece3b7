/** Resolvers of the benchmark subgraphs over `data.ts`. */
import { PRODUCTS, REVIEWS, USERS, type BenchReview } from './data.js';
import type { BenchSubgraphName } from './schemas.js';

const userById = new Map(USERS.map((user) => [user.id, user]));
const productByUpc = new Map(PRODUCTS.map((product) => [product.upc, product]));
const reviewById = new Map(REVIEWS.map((review) => [review.id, review]));

export const BENCH_RESOLVERS = {
  accounts: {
    Query: {
      me: () => USERS[0],
      user: (_: unknown, { id }: { id: string }) => userById.get(id) ?? null,
      users: () => USERS,
    },
    User: { __resolveReference: ({ id }: { id: string }) => userById.get(id) ?? null },
  },
  products: {
    Query: { topProducts: (_: unknown, { first }: { first: number }) => PRODUCTS.slice(0, first) },
    Product: { __resolveReference: ({ upc }: { upc: string }) => productByUpc.get(upc) ?? null },
  },
  inventory: {
    Product: {
      __resolveReference: (reference: { upc: string; price?: number; weight?: number }) => ({
        ...reference,
        inStock: productByUpc.get(reference.upc)?.inStock ?? null,
      }),
      // Free above 1,000; half the weight otherwise (needs price and weight from products: `@requires`).
      shippingEstimate: ({ price, weight }: { price?: number; weight?: number }) =>
        price === undefined || weight === undefined ? null : price > 1000 ? 0 : Math.round(weight / 2),
    },
  },
  reviews: {
    Review: {
      __resolveReference: ({ id }: { id: string }) => reviewById.get(id) ?? null,
      product: (review: BenchReview) => ({ upc: review.productUpc }),
      // `@provides(fields: "username")`: the author comes with the username, no accounts fetch needed for it.
      author: (review: BenchReview) => ({
        id: review.authorId,
        username: userById.get(review.authorId)?.username ?? null,
      }),
    },
    User: {
      __resolveReference: ({ id }: { id: string }) => ({ id }),
      reviews: ({ id }: { id: string }) => REVIEWS.filter((review) => review.authorId === id),
    },
    Product: {
      __resolveReference: ({ upc }: { upc: string }) => ({ upc }),
      reviews: ({ upc }: { upc: string }) => REVIEWS.filter((review) => review.productUpc === upc),
    },
  },
} satisfies Record<BenchSubgraphName, unknown>;
