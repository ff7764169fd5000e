import { computed, onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue';

/**
 * True while `target` is inside the viewport (and not clipped away by a scrolling
 * ancestor) in a tab the user is looking at. Without IntersectionObserver, the tab's
 * visibility alone decides.
 */
export function useOnScreen(target: Readonly<Ref<Element | null>>): Readonly<Ref<boolean>> {
  const supported = typeof IntersectionObserver !== 'undefined';
  const intersecting = ref(!supported);
  const pageVisible = ref(document.visibilityState === 'visible');
  const onVisibility = () => (pageVisible.value = document.visibilityState === 'visible');
  const observer = supported
    ? new IntersectionObserver((entries) => {
      const last = entries[entries.length - 1];
      if (last) intersecting.value = last.isIntersecting;
    })
    : undefined;

  watch(
    target,
    (el, old) => {
      if (old) observer?.unobserve(old);
      if (el) observer?.observe(el);
      else if (observer) intersecting.value = false;
    },
    { immediate: true, flush: 'post' },
  );
  onMounted(() => document.addEventListener('visibilitychange', onVisibility));
  onBeforeUnmount(() => {
    observer?.disconnect();
    document.removeEventListener('visibilitychange', onVisibility);
  });

  return computed(() => intersecting.value && pageVisible.value);
}
