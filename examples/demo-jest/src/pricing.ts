export interface Item {
  name: string
  price: number
  quantity: number
}

// Bug: the discount is applied to the quantity instead of the price.
export function lineTotal(item: Item, discount: number): number {
  return item.price * (item.quantity - discount)
}

export function cartTotal(items: Item[], discount = 0): number {
  return items.reduce((sum, item) => sum + lineTotal(item, discount), 0)
}
