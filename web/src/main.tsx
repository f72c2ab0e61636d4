import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
// Hangul from a bundled font (served by Berpa, fetched only for the glyphs a page uses): Korean renders the same everywhere.
import '@fontsource/nanum-gothic/400.css';
import '@fontsource/nanum-gothic/700.css';
import './app/styles.css';

// Chromium can keep fallback boxes for text shaped while a Hangul subset was still loading:
// nudge a font property when fonts arrive so every text run is shaped again.
document.fonts?.addEventListener('loadingdone', () => {
  const st = document.body.style;
  st.fontFeatureSettings = st.fontFeatureSettings ? '' : '"kern" 1';
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
