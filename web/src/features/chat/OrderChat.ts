import { defineComponent } from 'vue';

/**
 * PLACEHOLDER: the per-order chat (API.md "Chat") arrives in a later task and replaces
 * this component behind the same `<OrderChat :order-id>` slot. Until then it renders
 * nothing at all: no fake messages, no disabled input.
 */
export default defineComponent({
  name: 'OrderChat',
  props: { orderId: { type: String, required: true } },
  setup: () => () => null,
});
