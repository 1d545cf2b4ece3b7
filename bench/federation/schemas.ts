/**
 * The four subgraphs of the federation benchmark workload (`npm run bench`, workload `federation`): the shape of
 * the public graphql-hive/graphql-gateways-benchmark graph (accounts, inventory, products, reviews; `@requires`
 * on `Product.shippingEstimate`, `@provides` on `Review.author`), written here with our own data. One field
 * carries a scope requirement (`User.name`, `read:users`) so field authorization has something to decide on the
 * hub's secured side; the plain gateway and Hive Gateway get the supergraph without the security spec.
 */
export const BENCH_SUBGRAPH_SDL = {
  accounts: /* GraphQL */ `
    extend schema
      @link(
        url: "https://specs.apollo.dev/federation/v2.9"
        import: ["@key", "@shareable", "@requiresScopes"]
      )

    type Query {
      me: User
      user(id: ID!): User
      users: [User]
    }

    type User @key(fields: "id") {
      id: ID!
      name: String @requiresScopes(scopes: [["read:users"]])
      username: String @shareable
      birthday: Int
    }
  `,
  inventory: /* GraphQL */ `
    extend schema
      @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@external", "@requires"])

    type Product @key(fields: "upc") {
      upc: String!
      weight: Int @external
      price: Int @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
    }
  `,
  products: /* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable"])

    type Query {
      topProducts(first: Int = 5): [Product]
    }

    type Product @key(fields: "upc") {
      upc: String!
      name: String
      price: Int
      weight: Int
    }
  `,
  reviews: /* GraphQL */ `
    extend schema
      @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@external", "@provides"])

    type Review @key(fields: "id") {
      id: ID!
      body: String
      product: Product
      author: User @provides(fields: "username")
    }

    type User @key(fields: "id") {
      id: ID!
      username: String @external
      reviews: [Review]
    }

    type Product @key(fields: "upc") {
      upc: String!
      reviews: [Review]
    }
  `,
} as const;

export type BenchSubgraphName = keyof typeof BENCH_SUBGRAPH_SDL;
export const BENCH_SUBGRAPH_NAMES = Object.keys(BENCH_SUBGRAPH_SDL) as BenchSubgraphName[];
