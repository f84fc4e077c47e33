import './lib/perf-start';
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { mark } from './lib/perf';
import { requestAppInfoEarly } from './lib/state.svelte';

mark('script');
// The backend answers while the first screen is built.
requestAppInfoEarly();

// Fonts per platform (see app.css).
const ua = typeof navigator === 'undefined' ? '' : navigator.userAgent;
document.documentElement.dataset.os = /Windows/.test(ua) ? 'windows' : /Macintosh|Mac OS X/.test(ua) ? 'macos' : 'linux';

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');

export default mount(App, { target });
