import { inventoryByUpc, shippingEstimate } from '../data.js';

/** What the gateway sends: the key, plus `price` and `weight` when `shippingEstimate` is requested. */
interface ProductReference {
  upc: string;
  price?: number | null;
  weight?: number | null;
}

export const inventoryResolvers = {
  Product: {
    __resolveReference: (reference: ProductReference): ProductReference => reference,
    inStock: (product: ProductReference): boolean | null => inventoryByUpc.get(product.upc)?.inStock ?? null,
    shippingEstimate: (product: ProductReference): number | null =>
      product.price == null || product.weight == null
        ? null
        : shippingEstimate(product.price, product.weight),
  },
};
