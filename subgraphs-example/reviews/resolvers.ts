import { reviewsByAuthorId, reviewsById, reviewsByProductUpc, usersById, type ReviewRow } from '../data.js';

interface UserReference {
  __typename: 'User';
  id: string;
  /** Provided to the gateway through `@provides(fields: "username")` on `Review.author`. */
  username?: string;
}

interface ProductReference {
  __typename: 'Product';
  upc: string;
}

export const reviewsResolvers = {
  Review: {
    __resolveReference: (reference: { id: string }): ReviewRow | undefined => reviewsById.get(reference.id),
    author: (review: ReviewRow): UserReference => {
      const author: UserReference = { __typename: 'User', id: review.authorId };
      const username = usersById.get(review.authorId)?.username;
      if (username !== undefined) author.username = username;
      return author;
    },
    product: (review: ReviewRow): ProductReference => ({ __typename: 'Product', upc: review.productUpc }),
  },
  User: {
    reviews: (user: { id: string }): readonly ReviewRow[] => reviewsByAuthorId.get(user.id) ?? [],
  },
  Product: {
    reviews: (product: { upc: string }): readonly ReviewRow[] => reviewsByProductUpc.get(product.upc) ?? [],
  },
};
