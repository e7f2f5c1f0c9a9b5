import{n as e}from"./rolldown-runtime-WkwZ5CU-.js";import{_ as t,a as n,c as r,d as i,g as a,h as o,i as s,l as c,m as l,n as u,o as d,p as f,r as p,t as m,u as h}from"./index-Cjx6bf32.js";import{c as g,d as _,f as v,l as y,o as b,p as x,r as S,u as C}from"./charts-mFEzkCaz.js";import{t as w}from"./palette-BsFyZMDy.js";function T(e){return e===null?`null`:Array.isArray(e)?`array`:typeof e}function E(e){return T(e)===`object`}function D(e){return Array.isArray(e)&&e.length>0&&e.every(e=>`message`in e)}function O(e,t){return e.length<124?e:t}var k=(e=>(e[e.InternalServerError=4500]=`InternalServerError`,e[e.InternalClientError=4005]=`InternalClientError`,e[e.BadRequest=4400]=`BadRequest`,e[e.BadResponse=4004]=`BadResponse`,e[e.Unauthorized=4401]=`Unauthorized`,e[e.Forbidden=4403]=`Forbidden`,e[e.SubprotocolNotAcceptable=4406]=`SubprotocolNotAcceptable`,e[e.ConnectionInitialisationTimeout=4408]=`ConnectionInitialisationTimeout`,e[e.ConnectionAcknowledgementTimeout=4504]=`ConnectionAcknowledgementTimeout`,e[e.SubscriberAlreadyExists=4409]=`SubscriberAlreadyExists`,e[e.TooManyInitialisationRequests=4429]=`TooManyInitialisationRequests`,e))(k||{}),A=(e=>(e.ConnectionInit=`connection_init`,e.ConnectionAck=`connection_ack`,e.Ping=`ping`,e.Pong=`pong`,e.Subscribe=`subscribe`,e.Next=`next`,e.Error=`error`,e.Complete=`complete`,e))(A||{});function j(e){if(!E(e))throw Error(`Message is expected to be an object, but got ${T(e)}`);if(!e.type)throw Error(`Message is missing the 'type' property`);if(typeof e.type!=`string`)throw Error(`Message is expects the 'type' property to be a string, but got ${T(e.type)}`);switch(e.type){case`connection_init`:case`connection_ack`:case`ping`:case`pong`:if(e.payload!=null&&!E(e.payload))throw Error(`"${e.type}" message expects the 'payload' property to be an object or nullish or missing, but got "${e.payload}"`);break;case`subscribe`:if(typeof e.id!=`string`)throw Error(`"${e.type}" message expects the 'id' property to be a string, but got ${T(e.id)}`);if(!e.id)throw Error(`"${e.type}" message requires a non-empty 'id' property`);if(!E(e.payload))throw Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${T(e.payload)}`);if(typeof e.payload.query!=`string`)throw Error(`"${e.type}" message payload expects the 'query' property to be a string, but got ${T(e.payload.query)}`);if(e.payload.variables!=null&&!E(e.payload.variables))throw Error(`"${e.type}" message payload expects the 'variables' property to be a an object or nullish or missing, but got ${T(e.payload.variables)}`);if(e.payload.operationName!=null&&T(e.payload.operationName)!==`string`)throw Error(`"${e.type}" message payload expects the 'operationName' property to be a string or nullish or missing, but got ${T(e.payload.operationName)}`);if(e.payload.extensions!=null&&!E(e.payload.extensions))throw Error(`"${e.type}" message payload expects the 'extensions' property to be a an object or nullish or missing, but got ${T(e.payload.extensions)}`);break;case`next`:if(typeof e.id!=`string`)throw Error(`"${e.type}" message expects the 'id' property to be a string, but got ${T(e.id)}`);if(!e.id)throw Error(`"${e.type}" message requires a non-empty 'id' property`);if(!E(e.payload))throw Error(`"${e.type}" message expects the 'payload' property to be an object, but got ${T(e.payload)}`);break;case`error`:if(typeof e.id!=`string`)throw Error(`"${e.type}" message expects the 'id' property to be a string, but got ${T(e.id)}`);if(!e.id)throw Error(`"${e.type}" message requires a non-empty 'id' property`);if(!D(e.payload))throw Error(`"${e.type}" message expects the 'payload' property to be an array of GraphQL errors, but got ${JSON.stringify(e.payload)}`);break;case`complete`:if(typeof e.id!=`string`)throw Error(`"${e.type}" message expects the 'id' property to be a string, but got ${T(e.id)}`);if(!e.id)throw Error(`"${e.type}" message requires a non-empty 'id' property`);break;default:throw Error(`Invalid message 'type' property "${e.type}"`)}return e}function M(e,t){return j(typeof e==`string`?JSON.parse(e,t):e)}function N(e,t){return j(e),JSON.stringify(e,t)}function P(e){let{url:t,connectionParams:n,lazy:r=!0,onNonLazyError:i=console.error,lazyCloseTimeout:a=0,keepAlive:o=0,disablePong:s,connectionAckWaitTimeout:c=0,retryAttempts:l=5,retryWait:u=async function(e){let t=2**e;await new Promise(e=>setTimeout(e,t*1e3+Math.floor(Math.random()*2700+300)))},shouldRetry:d=I,on:f,webSocketImpl:p,generateID:m=function(){return`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.replace(/[xy]/g,e=>{let t=Math.random()*16|0;return(e==`x`?t:t&3|8).toString(16)})},jsonMessageReplacer:h,jsonMessageReviver:g}=e,_;if(p){if(!R(p))throw Error(`Invalid WebSocket implementation provided`);_=p}else typeof WebSocket<`u`?_=WebSocket:typeof global<`u`?_=global.WebSocket||global.MozWebSocket:typeof window<`u`&&(_=window.WebSocket||window.MozWebSocket);if(!_)throw Error("WebSocket implementation missing; on Node you can `import WebSocket from 'ws';` and pass `webSocketImpl: WebSocket` to `createClient`");let v=_,y=(()=>{let e=(()=>{let e={};return{on(t,n){return e[t]=n,()=>{delete e[t]}},emit(t){`id`in t&&e[t.id]?.(t)}}})(),t={connecting:f?.connecting?[f.connecting]:[],opened:f?.opened?[f.opened]:[],connected:f?.connected?[f.connected]:[],ping:f?.ping?[f.ping]:[],pong:f?.pong?[f.pong]:[],message:f?.message?[e.emit,f.message]:[e.emit],closed:f?.closed?[f.closed]:[],error:f?.error?[f.error]:[]};return{onMessage:e.on,on(e,n){let r=t[e];return r.push(n),()=>{let e=r.indexOf(n);e>-1&&r.splice(e,1)}},emit(e,...n){for(let r of[...t[e]])r(...n)}}})();function b(e){let t=[y.on(`error`,n=>{t.forEach(e=>e()),e(n)}),y.on(`closed`,n=>{t.forEach(e=>e()),e(n)})];return()=>t.forEach(e=>e())}let x,S=0,C,w=!1,T=0,E=!1;async function D(){clearTimeout(C);let[e,r]=await(x??=new Promise((e,r)=>(async()=>{if(w){if(await u(T),!S)return x=void 0,r({code:1e3,reason:`All Subscriptions Gone`});T++}y.emit(`connecting`,w);let i=new v(typeof t==`function`?await t():t,`graphql-transport-ws`),a,l;function d(){isFinite(o)&&o>0&&(clearTimeout(l),l=setTimeout(()=>{i.readyState===v.OPEN&&(i.send(N({type:A.Ping})),y.emit(`ping`,!1,void 0))},o))}b(e=>{x=void 0,clearTimeout(a),clearTimeout(l),r(e),e instanceof F&&(i.close(4499,`Terminated`),i.onerror=null,i.onclose=null)}),i.onerror=e=>y.emit(`error`,e),i.onclose=e=>y.emit(`closed`,e),i.onopen=async()=>{try{y.emit(`opened`,i);let e=typeof n==`function`?await n():n;if(i.readyState!==v.OPEN)return;i.send(N(e?{type:A.ConnectionInit,payload:e}:{type:A.ConnectionInit},h)),isFinite(c)&&c>0&&(a=setTimeout(()=>{i.close(k.ConnectionAcknowledgementTimeout,`Connection acknowledgement timeout`)},c)),d()}catch(e){y.emit(`error`,e),i.close(k.InternalClientError,O(e instanceof Error?e.message:String(e),`Internal client error`))}};let f=!1;i.onmessage=({data:t})=>{try{let n=M(t,g);if(y.emit(`message`,n),n.type===`ping`||n.type===`pong`){y.emit(n.type,!0,n.payload),n.type===`pong`?d():s||(i.send(N(n.payload?{type:A.Pong,payload:n.payload}:{type:A.Pong},h)),y.emit(`pong`,!1,n.payload));return}if(f)return;if(n.type!==A.ConnectionAck)throw Error(`First message cannot be of type ${n.type}`);clearTimeout(a),f=!0,y.emit(`connected`,i,n.payload,w),w=!1,T=0;let r=new Promise((e,t)=>b(t));r.catch(()=>{}),e([i,r])}catch(e){i.onmessage=null,y.emit(`error`,e),i.close(k.BadResponse,O(e instanceof Error?e.message:String(e),`Bad response`))}}})()));e.readyState===v.CLOSING&&await r;let i=()=>{},l=new Promise(e=>i=e);return[e,i,new Promise((t,n)=>{let i=b(n);e.readyState!==v.OPEN&&r.catch(n),l.then(()=>{if(i(),!S){let t=()=>e.close(1e3,`Normal Closure`);isFinite(a)&&a>0?(clearTimeout(C),C=setTimeout(()=>{!S&&e.readyState===v.OPEN&&t()},a)):t()}t()})})]}function j(e){if(I(e)&&(L(e.code)||[k.InternalServerError,k.InternalClientError,k.BadRequest,k.BadResponse,k.Unauthorized,k.SubprotocolNotAcceptable,k.SubscriberAlreadyExists,k.TooManyInitialisationRequests].includes(e.code)))throw e;if(E)return!1;if(I(e)&&e.code===1e3)return S>0;if(!l||T>=l||!d(e))throw e;return w=!0}r||(async()=>{for(S++;;)try{let[,,e]=await D();await e}catch(e){try{if(!j(e))return}catch(e){return i?.(e)}}})();function P(e,t){let n=m(e),r=!1,i=!1,a=()=>{S--,r=!0};return(async()=>{for(S++;;)try{let[o,s,c]=await D();if(r)return c.catch(()=>{}),s();let l=y.onMessage(n,e=>{switch(e.type){case A.Next:t.next(e.payload);return;case A.Error:i=!0,r=!0,t.error(e.payload),a();return;case A.Complete:r=!0,a();return}});o.send(N({id:n,type:A.Subscribe,payload:e},h)),a=()=>{!r&&o.readyState===v.OPEN&&o.send(N({id:n,type:A.Complete},h)),S--,r=!0,s()},await c.finally(l);return}catch(e){if(!j(e))return}})().then(()=>{i||t.complete()}).catch(e=>{t.error(e)}),()=>{r||a()}}return{on:y.on,subscribe:P,iterate(e){let t=[],n={done:!1,error:null,resolve:()=>{}},r=P(e,{next(e){t.push(e),n.resolve()},error(e){n.done=!0,n.error=e,n.resolve()},complete(){n.done=!0,n.resolve()}}),i=async function*(){for(;;){for(t.length||await new Promise(e=>n.resolve=e);t.length;)yield t.shift();if(n.error)throw n.error;if(n.done)return}}();return i.throw=async e=>(n.done||(n.done=!0,n.error=e,n.resolve()),{done:!0,value:void 0}),i.return=async()=>(r(),{done:!0,value:void 0}),i},async dispose(){if(E=!0,x){let[e]=await x;e.close(1e3,`Normal Closure`)}},terminate(){x&&y.emit(`closed`,new F)}}}var F=class extends Error{name=`TerminatedCloseEvent`;message=`4499: Terminated`;code=4499;reason=`Terminated`;wasClean=!1};function I(e){return E(e)&&`code`in e&&`reason`in e}function L(e){return![1e3,1001,1006,1005,1012,1013,1014].includes(e)&&e>=1e3&&e<=1999}function R(e){return typeof e==`function`&&`constructor`in e&&`CLOSED`in e&&`CLOSING`in e&&`CONNECTING`in e&&`OPEN`in e}var z=e(x(),1),B=null,V;function H(){let e=r()?.accessToken;if(B&&V===e)return B;B?.dispose(),V=e;let t=new URL(`/graphql/ws`,window.location.href);return t.protocol=t.protocol===`https:`?`wss:`:`ws:`,B=P({url:t.toString(),lazy:!0,connectionParams:()=>e?{Authorization:`Bearer ${e}`}:{},retryAttempts:5}),B}c(()=>{B&&V!==r()?.accessToken&&(B.dispose(),B=null)});function U(e,t,n,r){return H().subscribe({query:e.toString(),variables:t},{next:e=>{e.errors?.length?r(Error(e.errors[0].message)):e.data&&n(e.data)},error:r,complete:()=>void 0})}var W=h(`
  query AdminRecommender($first: Int!, $after: String) {
    activeRecommender {
      activatedAt
      activatedBy {
        username
      }
      model {
        id
      }
    }
    recommenderTraining {
      ...AdminTrainingRun
    }
    recommenderModels(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...AdminTrainingRun
        active
        kind
        users
        items
        interactions
        fitSeconds
        silhouette
        interestGroupCount
        trigger
        startedBy {
          username
        }
        metrics {
          ndcgAt10
          precisionAt10
          recallAt10
          mapAt10
          coverage
          users
        }
      }
    }
  }
`);h(`
  fragment AdminTrainingRun on RecommenderModel {
    id
    status
    stage
    progress
    requestedKind
    startedAt
    finishedAt
    error
  }
`);var G=h(`
  subscription AdminTrainingUpdates {
    recommenderTraining {
      ...AdminTrainingRun
    }
  }
`),K=h(`
  mutation AdminRetrain($kind: RecommenderKind) {
    retrainRecommender(kind: $kind) {
      ...AdminTrainingRun
    }
  }
`),q=h(`
  mutation AdminCancelTraining($id: ID!) {
    cancelRecommenderTraining(id: $id) {
      ...AdminTrainingRun
    }
  }
`),J=h(`
  mutation AdminActivateModel($id: ID!) {
    activateRecommenderModel(id: $id) {
      model {
        id
      }
    }
  }
`),Y=h(`
  query AdminInterestGroups {
    interestGroups {
      k
      silhouette
      modelId
      groups {
        id
        label
        size
        tags
        points {
          x
          y
        }
      }
    }
  }
`),X=v();b.register(g,y,_,C);function Z({servingModelId:e}){let{t}=f(),n=d(),r=o({queryKey:[`interestGroups`,e],queryFn:()=>u(Y,{}),refetchInterval:5e3}),i=r.data?.interestGroups;return(0,X.jsxs)(X.Fragment,{children:[(0,X.jsx)(`h3`,{children:t(`recommendations.groups`)}),(0,X.jsx)(p,{isPending:r.isPending,error:r.error,isEmpty:!i||i.groups.length===0,emptyText:t(`recommendations.noGroups`),onRetry:()=>void r.refetch(),children:i&&(0,X.jsxs)(`div`,{className:`groups`,"data-testid":`interest-groups`,children:[(0,X.jsx)(`p`,{className:`muted`,children:t(`recommendations.groupSummary`,{k:n.number(i.k),silhouette:n.number(i.silhouette,{maximumFractionDigits:3})})}),(0,X.jsx)(`div`,{className:`chart`,role:`img`,"aria-label":t(`recommendations.scatterLabel`),children:(0,X.jsx)(S,{data:{datasets:i.groups.map((e,t)=>({label:e.label,data:e.points.map(e=>({x:e.x,y:e.y})),backgroundColor:w[t%w.length],pointRadius:3}))},options:{animation:!1,maintainAspectRatio:!1,plugins:{legend:{position:`right`}}}})}),(0,X.jsxs)(`table`,{className:`list`,children:[(0,X.jsx)(`thead`,{children:(0,X.jsxs)(`tr`,{children:[(0,X.jsx)(`th`,{scope:`col`,children:t(`recommendations.group`)}),(0,X.jsx)(`th`,{scope:`col`,className:`num`,children:t(`recommendations.size`)}),(0,X.jsx)(`th`,{scope:`col`,children:t(`recommendations.topTags`)})]})}),(0,X.jsx)(`tbody`,{children:i.groups.map((e,t)=>(0,X.jsxs)(`tr`,{children:[(0,X.jsxs)(`td`,{children:[(0,X.jsx)(`span`,{className:`swatch`,style:{background:w[t%w.length]},"aria-hidden":`true`}),` `,e.label]}),(0,X.jsx)(`td`,{className:`num`,children:n.number(e.size)}),(0,X.jsx)(`td`,{children:e.tags.join(`, `)})]},e.id))})]})]})})]})}var Q=[`AUTO`,`EASE`,`ALS`,`HYBRID`];function $(){let{t:e}=f(),r=d(),c=t(),h=n(),g=o({queryKey:[`recommender`,h.after],queryFn:()=>u(W,{first:10,after:h.after}),placeholderData:a,refetchInterval:5e3}),[_,v]=(0,z.useState)(null),y=g.data?.recommenderTraining??null,b=_&&(!y||_.id===y.id||_.startedAt>=y.startedAt)?_:y,x=b?.status===`RUNNING`?b:null;(0,z.useEffect)(()=>U(G,{},({recommenderTraining:e})=>{v(e),e.status!==`RUNNING`&&c.invalidateQueries({queryKey:[`recommender`]})},()=>void 0),[c]);let{refetch:S}=g;(0,z.useEffect)(()=>{if(!x||_)return;let e=setInterval(()=>void S(),2e3);return()=>clearInterval(e)},[x,_,S]);let[C,w]=(0,z.useState)(`AUTO`),[T,E]=(0,z.useState)(null),D=l({mutationFn:async e=>{e.kind===`retrain`?v((await u(K,{kind:C})).retrainRecommender):e.kind===`cancel`?v((await u(q,{id:e.id})).cancelRecommenderTraining):await u(J,{id:e.id})},onSuccess:async()=>{E(null),await c.invalidateQueries({queryKey:[`recommender`]})},onError:()=>E(null)}),O=g.data?.recommenderModels,k=e=>e==null?`—`:r.number(e,{maximumFractionDigits:3});return(0,X.jsxs)(`section`,{"aria-labelledby":`rec-heading`,children:[(0,X.jsx)(`h2`,{id:`rec-heading`,children:e(`recommendations.heading`)}),(0,X.jsxs)(`div`,{className:`card training`,"data-testid":`training`,children:[(0,X.jsx)(`h3`,{children:e(`recommendations.training`)}),x?(0,X.jsxs)(X.Fragment,{children:[(0,X.jsxs)(`p`,{children:[e(`recommendations.runningStage`,{stage:x.stage,kind:x.requestedKind}),` `,(0,X.jsx)(`span`,{className:`muted`,children:r.dateTime(x.startedAt)})]}),(0,X.jsx)(`progress`,{max:1,value:x.progress,"aria-label":e(`recommendations.progress`)}),(0,X.jsx)(`span`,{"data-testid":`training-progress`,children:r.number(x.progress,{style:`percent`})}),(0,X.jsx)(`button`,{type:`button`,onClick:()=>E({kind:`cancel`,id:x.id}),children:e(`recommendations.cancel`)})]}):(0,X.jsxs)(`form`,{className:`inline`,onSubmit:e=>{e.preventDefault(),D.reset(),E({kind:`retrain`})},children:[(0,X.jsxs)(`label`,{children:[(0,X.jsx)(`span`,{children:e(`recommendations.kind`)}),(0,X.jsx)(`select`,{name:`kind`,value:C,onChange:e=>w(e.target.value),children:Q.map(e=>(0,X.jsx)(`option`,{value:e,children:e},e))})]}),(0,X.jsx)(`button`,{type:`submit`,className:`primary`,children:e(`recommendations.retrain`)})]}),_&&_.status!==`RUNNING`&&(0,X.jsxs)(`p`,{className:`notice`,role:`status`,"data-testid":`training-outcome`,"data-status":_.status,children:[e(`recommendations.outcomes.${_.status}`),` `,_.error]}),D.error!=null&&(0,X.jsx)(i,{error:D.error})]}),(0,X.jsx)(`h3`,{children:e(`recommendations.models`)}),(0,X.jsx)(p,{isPending:g.isPending,error:g.error,isEmpty:O?.nodes.length===0,emptyText:e(`recommendations.noModels`),onRetry:()=>void g.refetch(),children:O&&(0,X.jsxs)(X.Fragment,{children:[(0,X.jsxs)(`table`,{className:`list`,"data-testid":`models`,children:[(0,X.jsx)(`thead`,{children:(0,X.jsxs)(`tr`,{children:[(0,X.jsx)(`th`,{scope:`col`,children:e(`recommendations.started`)}),(0,X.jsx)(`th`,{scope:`col`,children:e(`recommendations.kind`)}),(0,X.jsx)(`th`,{scope:`col`,children:e(`recommendations.status`)}),(0,X.jsx)(`th`,{scope:`col`,className:`num`,children:`NDCG@10`}),(0,X.jsx)(`th`,{scope:`col`,className:`num`,children:`P@10`}),(0,X.jsx)(`th`,{scope:`col`,className:`num`,children:`R@10`}),(0,X.jsx)(`th`,{scope:`col`,className:`num`,children:e(`recommendations.coverage`)}),(0,X.jsx)(`th`,{scope:`col`,className:`num`,children:e(`recommendations.data`)}),(0,X.jsx)(`th`,{scope:`col`,children:(0,X.jsx)(`span`,{className:`visually-hidden`,children:e(`recommendations.activate`)})})]})}),(0,X.jsx)(`tbody`,{children:O.nodes.map(t=>(0,X.jsxs)(`tr`,{"data-model-id":t.id,"data-active":t.active,children:[(0,X.jsxs)(`td`,{children:[r.dateTime(t.startedAt),(0,X.jsxs)(`div`,{className:`muted`,children:[e(`recommendations.triggers.${t.trigger}`),t.startedBy&&` · @${t.startedBy.username}`]})]}),(0,X.jsx)(`td`,{children:t.kind??t.requestedKind}),(0,X.jsx)(`td`,{children:t.active?(0,X.jsx)(`strong`,{children:e(`recommendations.serving`)}):e(`recommendations.statuses.${t.status}`)}),(0,X.jsx)(`td`,{className:`num`,children:k(t.metrics?.ndcgAt10)}),(0,X.jsx)(`td`,{className:`num`,children:k(t.metrics?.precisionAt10)}),(0,X.jsx)(`td`,{className:`num`,children:k(t.metrics?.recallAt10)}),(0,X.jsx)(`td`,{className:`num`,children:k(t.metrics?.coverage)}),(0,X.jsx)(`td`,{className:`num`,children:e(`recommendations.dataSize`,{users:r.number(t.users),items:r.number(t.items),interactions:r.number(t.interactions)})}),(0,X.jsx)(`td`,{children:t.status===`READY`&&!t.active&&(0,X.jsx)(`button`,{type:`button`,onClick:()=>E({kind:`activate`,id:t.id}),children:e(`recommendations.activate`)})})]},t.id))})]}),(0,X.jsx)(s,{pages:h,pageInfo:O.pageInfo,label:e(`recommendations.models`)})]})}),(0,X.jsx)(Z,{servingModelId:g.data?.activeRecommender?.model.id}),(0,X.jsx)(m,{open:T!=null,title:T?.kind===`retrain`?e(`recommendations.confirmRetrain`,{kind:C}):T?.kind===`cancel`?e(`recommendations.confirmCancel`):e(`recommendations.confirmActivate`),destructive:T?.kind===`cancel`,busy:D.isPending,onCancel:()=>E(null),onConfirm:()=>T&&D.mutate(T)})]})}export{$ as RecommendationsPage};