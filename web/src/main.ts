import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/theme-chalk/base.css'
// Styles of the services used from script (components used in templates get
// theirs on demand through unplugin-vue-components).
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './styles/index.css'
import App from './App.vue'
import { createAppRouter } from './router'
import { installClient } from './setup'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
const router = createAppRouter()
installClient(router)
app.use(router)
app.mount('#app')
