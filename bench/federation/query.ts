/**
 * The federation workload's operation: the nested query of the public gateway benchmark's shape (users and top
 * products, their reviews, the reviews' products and authors, their reviews again), written with fragments as a
 * client would send it.
 */
export const FEDERATION_QUERY = /* GraphQL */ `
  fragment User on User {
    id
    username
    name
  }

  fragment Review on Review {
    id
    body
  }

  fragment Product on Product {
    inStock
    name
    price
    shippingEstimate
    upc
    weight
  }

  query TestQuery {
    users {
      ...User
      reviews {
        ...Review
        product {
          ...Product
          reviews {
            ...Review
            author {
              ...User
              reviews {
                ...Review
                product {
                  ...Product
                }
              }
            }
          }
        }
      }
    }
    topProducts {
      ...Product
      reviews {
        ...Review
        author {
          ...User
          reviews {
            ...Review
            product {
              ...Product
            }
          }
        }
      }
    }
  }
`;

export const FEDERATION_OPERATION_NAME = 'TestQuery';

/**
 * A request body. `nonce` set: a variable the operation does not declare (ignored by every gateway, so the
 * answer is the same), which makes every request's body distinct, as real traffic's variables are.
 */
export function federationRequestBody(nonce?: number): string {
  return JSON.stringify({
    query: FEDERATION_QUERY,
    operationName: FEDERATION_OPERATION_NAME,
    ...(nonce !== undefined && { variables: { nonce } }),
  });
}
