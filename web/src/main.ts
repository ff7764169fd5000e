import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createAppRouter } from './router';
import { useAuthStore } from './stores/auth';
import { useLiveStore } from './stores/live';
import './styles.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(createAppRouter());
// Hydrate the session now (token from storage, expiry timer, other-tab listener), not on first use.
useAuthStore(pinia);
// The live-events stream follows the session from here on (opens on sign-in, closes on logout).
useLiveStore(pinia);
app.mount('#app');
