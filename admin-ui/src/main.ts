import './styles.css';
import { startApp } from './app';

const root = document.getElementById('app');
if (!root) throw new Error('#app element missing from index.html');
startApp(root);
