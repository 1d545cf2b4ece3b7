/**
 * The answer every gateway must give to the workload's query, built from the data directly (not by a gateway),
 * so a side that answers fast but wrong fails the bench.
 */
import { PRODUCTS, REVIEWS, USERS, type BenchProduct, type BenchReview, type BenchUser } from './data.js';

const userOf = (id: string): BenchUser => USERS.find((user) => user.id === id) as BenchUser;
const productOf = (upc: string): BenchProduct =>
  PRODUCTS.find((product) => product.upc === upc) as BenchProduct;
const reviewsBy = (user: BenchUser) => REVIEWS.filter((review) => review.authorId === user.id);
const reviewsOf = (product: BenchProduct) => REVIEWS.filter((review) => review.productUpc === product.upc);

const user = ({ id, username, name }: BenchUser) => ({ id, username, name });
const review = ({ id, body }: BenchReview) => ({ id, body });
const product = ({ upc, name, price, weight, inStock }: BenchProduct) => ({
  inStock,
  name,
  price,
  shippingEstimate: price > 1000 ? 0 : Math.round(weight / 2),
  upc,
  weight,
});

/** `{ users, topProducts }` as the workload's query selects them. */
export function referenceData(): unknown {
  const authorWithReviews = (author: BenchUser) => ({
    ...user(author),
    reviews: reviewsBy(author).map((r) => ({ ...review(r), product: product(productOf(r.productUpc)) })),
  });
  return {
    users: USERS.map((u) => ({
      ...user(u),
      reviews: reviewsBy(u).map((r) => {
        const p = productOf(r.productUpc);
        return {
          ...review(r),
          product: {
            ...product(p),
            reviews: reviewsOf(p).map((pr) => ({
              ...review(pr),
              author: authorWithReviews(userOf(pr.authorId)),
            })),
          },
        };
      }),
    })),
    topProducts: PRODUCTS.slice(0, 5).map((p) => ({
      ...product(p),
      reviews: reviewsOf(p).map((r) => ({ ...review(r), author: authorWithReviews(userOf(r.authorId)) })),
    })),
  };
}
