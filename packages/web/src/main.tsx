import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/global.scss'; // first, so component styles come after it in the cascade
import { App } from './app/App.js';
import { createServices } from './app/services.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

// Created once per page, outside React: StrictMode would otherwise build a discarded second set.
const services = createServices();

createRoot(root).render(
  <StrictMode>
    <App services={services} />
  </StrictMode>,
);
