package io.anomalypipe.generator;

import java.util.SplittableRandom;

/**
 * The pages of the simulated shop: a home page, category pages and product pages whose popularity
 * is skewed (a few products get most views), plus the search, cart and checkout pages.
 */
final class SiteCatalog {

  static final String HOME = "/";
  static final String SEARCH = "/search";
  static final String CART = "/cart";
  static final String CHECKOUT = "/checkout";
  static final String CONFIRMATION = "/checkout/confirmation";

  private static final String[] CATEGORIES = {
    "shoes", "jackets", "shirts", "trousers", "bags", "watches",
    "electronics", "books", "toys", "kitchen", "garden", "sports"
  };
  private static final int PRODUCTS = 2000;

  private final String[] productPages = new String[PRODUCTS];
  private final String[] categoryPages = new String[CATEGORIES.length];

  SiteCatalog() {
    for (int i = 0; i < PRODUCTS; i++) {
      String number = Integer.toString(i + 1);
      productPages[i] = "/product/p-" + "0".repeat(5 - number.length()) + number;
    }
    for (int i = 0; i < CATEGORIES.length; i++) {
      categoryPages[i] = "/category/" + CATEGORIES[i];
    }
  }

  /** A product, popular ones far more often (index = N * u^3). */
  int pickProduct(SplittableRandom random) {
    double u = random.nextDouble();
    return (int) (PRODUCTS * u * u * u);
  }

  String productPage(int product) {
    return productPages[product];
  }

  /** A page a page_view lands on: home (20%), a category (30%) or a product (50%). */
  String browsePage(SplittableRandom random) {
    double u = random.nextDouble();
    if (u < 0.2) {
      return HOME;
    }
    if (u < 0.5) {
      return categoryPages[random.nextInt(categoryPages.length)];
    }
    return productPages[pickProduct(random)];
  }
}
